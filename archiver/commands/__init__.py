"""Scrapy commands of the archiver project (``COMMANDS_MODULE``): ``crawl`` with a run lock."""
