"""Every component id of the web app, as constants: a typo is an import error, not a no-op.

Add new ids at the end of the section of their page (or a new section); never rename one.
"""

# ----------------------------------------------------------------- shell (every page)
URL = "url"
LANG = "lang"  # language switch (RadioItems, persisted in the browser)
PERIOD = "period"  # period selector (Dropdown: years, quarters, months)
NAV = "nav"  # the page links of the navbar
PERIOD_LABEL = "period-label"
PAGE = "page"  # the current page's content

# ----------------------------------------------------------------- / Beranda
HOME_BODY = "home-body"
HOME_SCORE = "home-score"
HOME_MISSIONS = "home-missions"
HOME_RANKING = "home-ranking"
HOME_BANDS = "home-bands"
HOME_TREND = "home-trend"
HOME_RED = "home-red"
HOME_MISSING = "home-missing"

# ----------------------------------------------------------------- /peta-strategi
MAP_SCOPE = "map-scope"
MAP_GRAPH = "map-graph"
MAP_PANEL = "map-panel"
MAP_PNG = "map-png"
MAP_EMPTY = "map-empty"

# ----------------------------------------------------------------- /pohon-kinerja
TREE_GRAPH = "tree-graph"
TREE_EXPANDED = "tree-expanded"  # Store: codes of expanded nodes
TREE_PATH = "tree-path"  # Store: codes on the highlighted path
TREE_SEARCH = "tree-search"
TREE_SEARCH_BUTTON = "tree-search-button"
TREE_RESULTS = "tree-results"
TREE_INFO = "tree-info"

# ----------------------------------------------------------------- /scorecard
CARD_UNIT = "card-unit"
CARD_BANDS = "card-bands"
CARD_GRID = "card-grid"
CARD_SUMMARY = "card-summary"
CARD_EXPORT = "card-export"
CARD_DOWNLOAD = "card-download"
