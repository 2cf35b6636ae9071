"""The page registry: every file in ``pages/`` once, with its title, section, icon, the roles
that may open it, and the Overview's figures and breaks that link to it.

No Streamlit: navigation draws it, ``may_open`` guards each page with it, and the Overview's
tiles and break lists find their page in it. No other module names a page's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alignment.access import ADMIN, COACH, EVERYONE, MEMBER, Person
from alignment.i18n import translate

SECTIONS = ("Leaders", "Teams", "Coaches", "Data")


@dataclass(frozen=True)
class Page:
    """One page of the app: its file, where navigation shows it, who may open it, and the
    Overview's figures (``kpi.<name>``) and break types that it explains."""

    path: str
    section: str
    icon: str
    roles: frozenset[str]
    kpis: tuple[str, ...] = ()
    breaks: tuple[str, ...] = ()
    is_default: bool = False  # served at the app's root URL

    @property
    def key(self) -> str:
        """The catalogue key of the page's title: ``page.<file name>``."""
        return f"page.{self.url_path}"

    def title_in(self, lang: str) -> str:
        """The page's title in ``lang``."""
        return translate(lang, self.key)

    @property
    def url_path(self) -> str:
        """The page's URL: its file name. Streamlit also discovers ``pages/`` by file name, and
        a fresh browser session opened at any other URL shows a "Page not found" dialog."""
        return Path(self.path).stem

    @property
    def url(self) -> str:
        """The path a browser opens: the root for the default page, else ``url_path``."""
        return "" if self.is_default else self.url_path


ADMINS = frozenset({ADMIN})

OVERVIEW = Page("pages/overview.py", "Leaders", ":material/hub:", EVERYONE, is_default=True)
STRATEGY = Page(
    "pages/strategy.py", "Leaders", ":material/account_tree:", EVERYONE,
    kpis=("chain_completeness",),
    breaks=("goal_without_product", "product_without_goal", "product_without_owner",
            "product_with_several_owners", "team_without_product", "goal_without_experiment",
            "orphan_experiment", "misaligned_experiment", "goal_without_measure",
            "stale_measure", "busy_without_value", "value_without_learning"))
PORTFOLIO = Page("pages/portfolio.py", "Leaders", ":material/balance:", EVERYONE)
TEAMS = Page("pages/teams.py", "Leaders", ":material/groups:", EVERYONE,
             kpis=("collaboration_index",))
LEARNING = Page("pages/learning.py", "Leaders", ":material/conversion_path:", EVERYONE,
                kpis=("learning_debt", "lead_time", "spread_factor"))
EXPERIMENTS = Page("pages/experiments.py", "Leaders", ":material/science:", EVERYONE)
UPLOAD = Page("pages/upload.py", "Teams", ":material/upload_file:", frozenset({ADMIN, MEMBER}))
# anyone signed in joins a live session by its code; what they send names nobody
JOIN = Page("pages/join.py", "Teams", ":material/cast:", EVERYONE)
SESSION = Page("pages/session.py", "Coaches", ":material/forum:", frozenset({ADMIN, COACH}))
COACH_OVERVIEW = Page("pages/coach_overview.py", "Coaches", ":material/diversity_3:", EVERYONE,
                      kpis=("reflection_breadth",))
REFERENCE_DATA = Page("pages/reference_data.py", "Data", ":material/account_tree:", ADMINS)
DATABASE = Page("pages/database.py", "Data", ":material/table:", ADMINS)
PEOPLE = Page("pages/people.py", "Data", ":material/manage_accounts:", ADMINS)

PAGES: tuple[Page, ...] = (
    OVERVIEW, STRATEGY, PORTFOLIO, TEAMS, LEARNING, EXPERIMENTS, UPLOAD, JOIN, SESSION,
    COACH_OVERVIEW, REFERENCE_DATA, DATABASE, PEOPLE,
)

# the page explaining each Overview figure (``kpi.<name>``) and listing each break type's items
KPI_PAGES: dict[str, str] = {kpi: page.path for page in PAGES for kpi in page.kpis}
BREAK_PAGES: dict[str, str] = {kind: page.path for page in PAGES for kind in page.breaks}


def page_key(page_path: str) -> str:
    """A page file's registry path, whatever the path it is given as.

    >>> page_key("/srv/app/pages/upload.py")
    'pages/upload.py'
    """
    return "pages/" + page_path.replace("\\", "/").rsplit("/", 1)[-1]


def may_open(person: Person, page_path: str) -> bool:
    """Whether ``person`` may open the page; a page missing from the registry is admin only."""
    page = next((p for p in PAGES if p.path == page_key(page_path)), None)
    return person.role in (page.roles if page else ADMINS)

