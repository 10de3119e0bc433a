"""Whether what a finished run made of the pages it fetched is believable, given the site's past.

A run can go through without one error and still archive nothing: the site's theme changed and the
classifier no longer reads its posts as articles, so every new post is recorded ``not-article``
and the run would say ``ok`` forever. A run's *article yield* is the share of the pages it asked
as articles (and that answered) which were articles: archived, revised, unchanged or duplicate,
the others being not-article pages (static pages, error pages, posts the classifier rejects).

* **With history** (the site's earlier ``ok`` runs in the archive, pooled over the last
  ``HISTORY_RUNS`` that judged a page, at least ``MIN_PAGES`` pages in all): the run fails when
  it judged at least ``MIN_PAGES`` pages, its yield is below ``YIELD_DROP`` times the history's,
  and so few articles among that many pages would happen by chance less than once in
  ``1 / CHANCE`` runs at the history's yield (a binomial tail): a far lower yield on enough
  evidence that a quiet hour with two static pages never flaps the status.
* **Without history** (a first run): only when not one of at least ``MIN_PAGES`` pages was an
  article; the spider's own rule (no listing, feed or sitemap showed an article) covers the rest.

Pure: counts in, a reason (or None) out; ``storage.stats.page_verdicts`` reads the history.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_PAGES = 10
HISTORY_RUNS = 20
YIELD_DROP = 0.5
CHANCE = 1e-3


@dataclass(frozen=True)
class PageVerdicts:
    """What one run (or several, pooled) made of the pages it asked as articles."""

    articles: int  # new, revised, unchanged or duplicate articles
    not_articles: int

    @property
    def judged(self) -> int:
        return self.articles + self.not_articles

    @property
    def article_yield(self) -> float:
        return self.articles / self.judged if self.judged else 0.0


def pooled(runs: list[PageVerdicts]) -> PageVerdicts:
    return PageVerdicts(sum(r.articles for r in runs), sum(r.not_articles for r in runs))


def yield_collapse(run: PageVerdicts, history: list[PageVerdicts]) -> str | None:
    """Why ``run``'s article yield cannot be right for this site (see the module docs), or None."""
    if run.judged < MIN_PAGES:
        return None
    past = pooled(history)
    share = f"{run.not_articles} of {run.judged} pages asked as articles were not articles"
    if past.judged < MIN_PAGES:
        if run.articles == 0:
            return f"no article found: {share}, and the archive has no history of the site"
        return None
    expected = past.article_yield
    if run.article_yield >= YIELD_DROP * expected:
        return None
    if _at_most(run.articles, run.judged, expected) >= CHANCE:
        return None
    return (
        f"not-article share far above the site's history: {share} "
        f"({_percent(1 - run.article_yield)}), against {_percent(1 - expected)} "
        f"({past.not_articles} of {past.judged}) in its last "
        f"{'ok run' if len(history) == 1 else f'{len(history)} ok runs'}; "
        f"a theme this crawl no longer reads?"
    )


def _at_most(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (n may be in the tens of thousands)."""
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 1.0 if k >= n else 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    return min(
        1.0,
        sum(
            math.exp(
                log_n - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
            )
            for i in range(k + 1)
        ),
    )


def _percent(share: float) -> str:
    return f"{round(100 * share)}%"
