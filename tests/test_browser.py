"""The archive as a researcher sees it: ``archiver serve`` looked at in headless Chromium.

The bundled sample site is crawled once (a real ``scrapy crawl``), ``archiver serve`` starts
Datasette on it, and Debian's chromium (driven through chromium-driver by Selenium, installed by
``make browser``) opens the pages in a 1400x1000 window: the index, the articles list, a search
typed into the search box and the article it leads to. The assertions are on the rendered page
(element geometry, elements, the window title); screenshots go to ``test-output/browser/``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import query
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from archiver.localcrawl import PROJECT_ROOT, run_crawl
from archiver.samplesite import SampleSite, serve

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1400, 1000
SCREENSHOTS = PROJECT_ROOT / "test-output" / "browser"
INTERNAL_TABLES = ["_sqlite_migrations", "raw_pages", "articles_fts"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """The sample site crawled once into an archive with a name other than archive.db."""
    site = SampleSite.generate(n_posts=120, variants=True)
    db = tmp_path_factory.mktemp("browser") / "newsroom.db"
    with serve(site) as base_url:
        result = run_crawl(base_url, db)
    assert result.returncode == 0, result.stderr[-3000:]
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(archive):
    """``archiver serve`` on the archive; its base URL once Datasette answers."""
    port = free_port()
    archiver = str(Path(sys.executable).with_name("archiver"))
    process = subprocess.Popen(
        [archiver, "serve", "--db", str(archive), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5):
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "archiver serve did not start"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), (
        "chromium and chromium-driver are missing: `make browser` installs them"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--window-size={WIDTH},{HEIGHT}",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    # The viewport itself 1400x1000, whatever the window's frame takes.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.set_page_load_timeout(60)
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    yield driver
    driver.quit()


def screenshot(driver, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    assert driver.save_screenshot(str(path))
    return path


def visible_in_first_screen(driver, css: str) -> int:
    """How many elements matching ``css`` lie wholly inside the first screen."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].filter(e => {"
        " const r = e.getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }).length;",
        css,
    )


def test_the_index_lists_the_archive_tables_and_no_internal_one(server, browser):
    browser.get(server + "/newsroom")
    screenshot(browser, "1-database")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "articles" in text and "revisions" in text and "crawl_runs" in text
    for internal in INTERNAL_TABLES:
        assert internal not in text
    # The SQL box is not prefilled with an internal table either.
    sql = browser.find_element(By.CSS_SELECTOR, "textarea#sql-editor").get_attribute("value")
    assert not any(internal in sql for internal in INTERNAL_TABLES)


def test_the_articles_list_shows_fifteen_articles_in_the_first_screen(server, browser, archive):
    browser.get(server + "/newsroom/articles")
    screenshot(browser, "2-articles")
    assert visible_in_first_screen(browser, "table.archive-articles tbody tr") >= 15
    headers = [
        th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.archive-articles th")
    ]
    assert [h.strip(" ▲▼") for h in headers] == [
        "headline", "date", "authors", "categories", "words", "site"
    ]  # fmt: skip
    first = browser.find_element(By.CSS_SELECTOR, "table.archive-articles tbody tr")
    cells = first.find_elements(By.TAG_NAME, "td")
    link = cells[0].find_element(By.TAG_NAME, "a")
    ((title, published, authors),) = query(
        archive,
        "select title, published_at, authors from articles order by published_at desc limit 1",
    )
    assert link.text == title
    assert "/newsroom/articles/" in link.get_attribute("href")
    assert cells[1].text == published[:10]
    assert "[" not in cells[2].text and cells[2].text  # a list shown as names, not JSON
    facets = browser.find_element(By.CSS_SELECTOR, ".archive-facets").text
    for facet in ("authors", "categories", "tags", "published_at (month)"):
        assert facet in facets


def test_a_search_typed_in_the_box_ranks_and_highlights(server, browser, archive):
    browser.get(server + "/newsroom/articles")
    box = browser.find_element(By.CSS_SELECTOR, "input[type=search]")
    box.send_keys("quad")
    box.submit()
    screenshot(browser, "3-search")
    marks = browser.find_elements(By.CSS_SELECTOR, "td.col-snippet mark")
    assert marks and {mark.text.lower() for mark in marks} == {"quad"}
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "<mark>" not in body and "<b>" not in body
    assert browser.title == "Search articles: quad"
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "td.col-title a")]
    # The seed article has the Quad in its headline: bm25 puts it first, and tagged posts follow.
    assert "Quad" in titles[0]
    tagged = query(
        archive,
        "select title from articles, json_each(articles.tags) "
        "where json_each.value = 'Quad' and duplicate_of is null",
    )
    assert len(tagged) > 5
    assert {title for (title,) in tagged} <= set(titles)  # tags are searchable


def test_an_article_page_is_titled_with_its_headline_and_reads_as_paragraphs(
    server, browser, archive
):
    browser.get(server + "/newsroom/search?q=quad")
    first = browser.find_element(By.CSS_SELECTOR, "td.col-title a")
    headline = first.text
    first.click()
    screenshot(browser, "4-article")
    assert browser.title == headline
    assert browser.find_element(By.TAG_NAME, "h1").text == headline
    paragraphs = browser.find_elements(By.CSS_SELECTOR, ".article-text p")
    assert len(paragraphs) >= 3
    assert visible_in_first_screen(browser, ".article-text p") >= 1
    ((url, aliases),) = query(
        archive,
        "select url, (select count(*) from aliases where article_id = articles.id) "
        "from articles where title = ?",
        (headline,),
    )
    original = browser.find_element(By.CSS_SELECTOR, ".article-source a")
    assert original.get_attribute("href") == url
    assert len(browser.find_elements(By.CSS_SELECTOR, ".article-aliases li")) == aliases
    assert "earlier version" in browser.find_element(By.CSS_SELECTOR, ".article-aside").text
