"""Every component id of the web app, as constants: a typo is an import error, not a no-op.

Add new ids at the end of the section of their page (or a new section); never rename one in
use (browser tests and saved browser state name them).
"""

# ----------------------------------------------------------------- shell (every page)
URL = "url"
LANG = "lang"  # language switch (RadioItems, persisted in the browser)
PERIOD = "period"  # period selector (Dropdown: years, quarters, months)
NAV = "nav"  # the page links of the navbar
NAV_TOGGLE = "nav-toggle"  # the menu button of a narrow screen
NAV_MENU = "nav-menu"  # what the menu button shows and hides: links, period, language, account
PERIOD_LABEL = "period-label"
PAGE = "page"  # the current page's content
SKIP_LINK = "skip-link"  # "skip to the content", the first thing the keyboard reaches
PAGE_META = "page-meta"  # Store: {"title", "lang"} of the open page, applied to <html>/<title>
PAGE_META_APPLIED = "page-meta-applied"  # Store: written by the client-side callback
REVISION = "revision"  # Store: the data revision the open page shows (database or plan file)
APP_ERROR = "app-error"  # the shell's alert: a callback failed on the server (with its reference)
REVISION_POLL = "revision-poll"  # Interval polling that revision (pages re-render on a change)
ACCOUNT = "account"  # who is signed in (name, role, unit), change password, sign out
SIGN_OUT = "sign-out"  # the sign-out link
CHANGE_PASSWORD = "change-password"  # the link to /password
API_TOKENS = "api-tokens"  # the link to /token (the user's API access tokens)

# ----------------------------------------------------------------- / Beranda
HOME_BODY = "home-body"
HOME_SCORE = "home-score"
HOME_MISSIONS = "home-missions"
HOME_RANKING = "home-ranking"
HOME_BANDS = "home-bands"
HOME_TREND = "home-trend"
HOME_RED = "home-red"
HOME_MISSING = "home-missing"
HOME_STALE = "home-stale"
HOME_EW_AGENCY = "home-ew-agency"
HOME_EW_BODY = "home-ew-body"
HOME_WARNINGS = "home-warnings"
HOME_PRIORITIES = "home-priorities"
HOME_SHOW_ALL = "home-show-all"  # Store: the Beranda lists shown in full (readmodels.home.LISTS)
HOME_EW_SHOW_ALL = "home-ew-show-all"  # Store: the same for the early-warning lists
HOME_SHOW_ALL_BUTTON = "home-show-all-button"  # type of {"type", "list"} "Show all" buttons
HOME_EW_SHOW_ALL_BUTTON = "home-ew-show-all-button"  # the same in the early-warning card

# ----------------------------------------------------------------- /peta-strategi
MAP_SCOPE = "map-scope"
MAP_GRAPH = "map-graph"
MAP_PANEL = "map-panel"
MAP_PNG = "map-png"
MAP_EMPTY = "map-empty"
MAP_SELECTED = "map-selected"  # Store: the chosen objective (a click, a ?node= link)
MAP_PNG_META = "map-png-meta"  # Store: title, period and legend the PNG is composed with
MAP_PNG_DONE = "map-png-done"  # Store: written by the client-side PNG composer
TREE_DETAILS = "tree-details"
MAP_EDIT = "map-edit"  # the planner's map editing section
MAP_ARROW_CAUSE = "map-arrow-cause"
MAP_ARROW_EFFECT = "map-arrow-effect"
MAP_ARROW_ADD = "map-arrow-add"
MAP_ARROW_REMOVE = "map-arrow-remove"
MAP_MOVE_MODE = "map-move-mode"
MAP_MOVED = "map-moved"  # Store: places of the nodes dragged since the map was drawn
MAP_LAYOUT_SAVE = "map-layout-save"
MAP_LAYOUT_RESET = "map-layout-reset"
MAP_EDIT_MESSAGE = "map-edit-message"

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

# --- kontribusi / bobot / realisasi ---
# /kontribusi
CONTRIB_EMPLOYEE = "contrib-employee"  # Dropdown with search (NIP or name)
CONTRIB_BODY = "contrib-body"
CONTRIB_SUMMARY = "contrib-summary"
CONTRIB_VALUE = "contrib-value"  # the contribution (points of the root score)
CONTRIB_SHARE = "contrib-share"
CONTRIB_GAIN = "contrib-gain"
CONTRIB_OBJECTIVES = "contrib-objectives"
CONTRIB_MAP = "contrib-map"
CONTRIB_SUPPORTS = "contrib-supports"
CONTRIB_HISTORY = "contrib-history"
CONTRIB_OWN_ENTRY = "contrib-own-entry"  # link to /realisasi on one's own RHK (who may record)
# /bobot
WEIGHT_PARENT = "weight-parent"  # Dropdown with search: the parent objective
WEIGHT_EDITOR = "weight-editor"  # the children's weight inputs
WEIGHT_INPUT = "weight-input"  # pattern-matching type: {"type": WEIGHT_INPUT, "index": child}
WEIGHT_TOTAL = "weight-total"
WEIGHT_NORMALISE = "weight-normalise"
WEIGHT_PREVIEW = "weight-preview"
WEIGHT_REASON = "weight-reason"
WEIGHT_SAVE = "weight-save"
WEIGHT_MESSAGE = "weight-message"
WEIGHT_SEEN = "weight-seen"  # Store: {"parent", "version"} the user is editing
WEIGHT_HISTORY = "weight-history"
WEIGHT_RESTORE_VERSION = "weight-restore-version"
WEIGHT_RESTORE = "weight-restore"
WEIGHT_TOTAL_CONFIRM = "weight-total-confirm"  # save a total other than 100 % as typed
WEIGHT_READ_ONLY = "weight-read-only"  # the note shown instead of saving (roles that may not)
# /realisasi
ENTRY_UNIT = "entry-unit"
ENTRY_STATUS = "entry-status"  # open / closed period badge
ENTRY_TABLE = "entry-table"
ENTRY_INDICATOR = "entry-indicator"
ENTRY_VALUE = "entry-value"
ENTRY_NOTE = "entry-note"
ENTRY_EVIDENCE = "entry-evidence"
ENTRY_PREVIEW = "entry-preview"
ENTRY_SAVE = "entry-save"
ENTRY_MESSAGE = "entry-message"
ENTRY_HISTORY = "entry-history"
ENTRY_REASON = "entry-reason"  # reason to close / reopen a period
ENTRY_CLOSE = "entry-close"
ENTRY_REOPEN = "entry-reopen"
ENTRY_PERIOD_MESSAGE = "entry-period-message"
ENTRY_GRID = "entry-grid"  # AG Grid of the unit's indicators (row id = indicator code)
ENTRY_FIELDS = "entry-fields"  # value, note, evidence, save: hidden outside the user's scope
ENTRY_SCOPE = "entry-scope"  # why the entry is not offered for the chosen indicator
ENTRY_FIELDSET = "entry-fieldset"  # the entry controls, disabled while the period is closed
ENTRY_READING = "entry-reading"  # which number an ambiguous text means (radio items)
ENTRY_READING_BLOCK = "entry-reading-block"
ENTRY_CONFIRM = "entry-confirm"  # "the value is right" for an implausible value (checklist)
ENTRY_CONFIRM_REASON = "entry-confirm-reason"  # why an implausible value is right
ENTRY_CONFIRM_BLOCK = "entry-confirm-block"

# ----------------------------------------------------------------- /pengguna (admins)
ACCOUNT_LIST = "account-list"  # the accounts table (filled by a callback)
ACCOUNT_GRID = "account-grid"  # AG Grid of the accounts (row id = user name)
ACCOUNT_NEW_USERNAME = "account-new-username"
ACCOUNT_NEW_NAME = "account-new-name"
ACCOUNT_NEW_ROLE = "account-new-role"
ACCOUNT_NEW_UNIT = "account-new-unit"
ACCOUNT_NEW_EMPLOYEE = "account-new-employee"  # Dropdown with search (NIP or name)
ACCOUNT_CREATE = "account-create"
ACCOUNT_SELECTED = "account-selected"  # the account being edited (Dropdown of user names)
ACCOUNT_EDIT_NAME = "account-edit-name"
ACCOUNT_EDIT_ROLE = "account-edit-role"
CONTRIB_OWN_SCORE = "contrib-own-score"  # the employee's own mean score and band
CONTRIB_STANDING = "contrib-standing"  # share of the unit's contribution and rank in the unit
ACCOUNT_EDIT_UNIT = "account-edit-unit"
ACCOUNT_EDIT_EMPLOYEE = "account-edit-employee"
ACCOUNT_SAVE = "account-save"
ACCOUNT_TOGGLE = "account-toggle"  # disable / enable
ACCOUNT_RESET = "account-reset"  # a new one-time password
ACCOUNT_MESSAGE = "account-message"
ACCOUNT_SECRET = "account-secret"  # a new password, shown once
ACCOUNT_BULK = "account-bulk"  # employee accounts from the plan's employees
ACCOUNT_BULK_MESSAGE = "account-bulk-message"
ACCOUNT_BULK_DOWNLOAD = "account-bulk-download"  # the workbook of one-time passwords

# ----------------------------------------------------------------- /verifikasi (the workflow)
VERIFY_LIST = "verify-list"  # the entries waiting for the user's verification (a callback)
VERIFY_GRID = "verify-grid"  # AG Grid of them (row id = INDICATOR@PERIOD), multi-row selection
VERIFY_REASON = "verify-reason"  # why the selected entries are rejected
VERIFY_APPROVE = "verify-approve"
VERIFY_REJECT = "verify-reject"
VERIFY_MESSAGE = "verify-message"
VERIFY_DETAIL = "verify-detail"  # the clicked entry's evidence and history
RETURNED_LIST = "returned-list"  # drafts and rejected entries the user may correct and submit
RETURNED_GRID = "returned-grid"
RETURNED_SUBMIT = "returned-submit"
RETURNED_MESSAGE = "returned-message"
ENTRY_DRAFT = "entry-draft"  # /realisasi: save as a draft (not submitted)
ENTRY_UPLOAD = "entry-upload"  # /realisasi: the evidence file (dcc.Upload)
ENTRY_UPLOAD_NAME = "entry-upload-name"  # the chosen file's name, in words
NOTIFY = "notify"  # the navbar's count of what waits for the signed-in user (a link)
OVERDUE_LIST = "overdue-list"  # /verifikasi: the user's missing and overdue realizations
# ----------------------------------------------------------------- the workshop panel
# (on /pohon-kinerja: edit the selected node, add, move, link, remove, undo; targets grid)
WORK_PANEL = "work-panel"
WORK_SELECTED = "work-selected"  # Store: the code of the selected objective (None: nothing)
WORK_TITLE = "work-title"
WORK_NAME = "work-name"
WORK_LEVEL = "work-level"
WORK_PERSPECTIVE = "work-perspective"
WORK_UNIT = "work-unit"
WORK_OWNER = "work-owner"
WORK_SAVE = "work-save"
WORK_CHILD_KIND = "work-child-kind"  # RadioItems: objective or indicator
WORK_CHILD_CODE = "work-child-code"
WORK_CHILD_NAME = "work-child-name"
WORK_CHILD_LEVEL = "work-child-level"
WORK_ADD = "work-add"
WORK_MOVE_TO = "work-move-to"  # Dropdown with search: the new parent ("pindahkan ke…")
WORK_MOVE = "work-move"
WORK_LINK_PARENT = "work-link-parent"  # Dropdown with search: one more parent (crosscutting)
WORK_LINK_WEIGHT = "work-link-weight"
WORK_LINK = "work-link"
WORK_UNLINK_PARENT = "work-unlink-parent"  # Dropdown of the current parents
WORK_UNLINK = "work-unlink"
WORK_CASCADE = "work-cascade"  # Checklist: remove with everything below
WORK_REMOVAL = "work-removal"  # what a removal takes with it
WORK_REMOVE = "work-remove"
WORK_INDICATOR = "work-indicator"  # Dropdown of the selected objective's indicators
WORK_IND_NAME = "work-ind-name"
WORK_IND_MEASURE = "work-ind-measure"
WORK_IND_POLARITY = "work-ind-polarity"
WORK_IND_AGGREGATION = "work-ind-aggregation"
WORK_IND_METHOD = "work-ind-method"
WORK_IND_CAP = "work-ind-cap"
WORK_IKU = "work-iku"  # Checklist: the indicator is an IKU
WORK_MANUAL_DEFINITION = "work-manual-definition"  # Manual IKU: operational definition
WORK_MANUAL_FORMULA = "work-manual-formula"
WORK_MANUAL_SOURCE = "work-manual-source"  # data source
WORK_MANUAL_COLLECTOR = "work-manual-collector"  # who collects the data
WORK_MANUAL_SCHEDULE = "work-manual-schedule"  # when it is collected
WORK_IND_SAVE = "work-ind-save"
WORK_IND_REMOVE = "work-ind-remove"
WORK_HISTORY = "work-history"
WORK_UNDO_EDIT = "work-undo-edit"  # Dropdown of the edits one may undo
WORK_UNDO = "work-undo"
WORK_MESSAGE = "work-message"
WORK_TARGETS = "work-targets"  # AG Grid: the chosen indicator's targets per period
WORK_TARGETS_CHECK = "work-targets-check"  # a typed cell that does not read, at once
WORK_TARGETS_SAVE = "work-targets-save"
WORK_TARGETS_PASTE = "work-targets-paste"  # Store: a block pasted on the grid (assets JS)
WORK_PASTE_TEXT = "work-paste-text"  # Textarea: a block pasted from a spreadsheet
WORK_PASTE_FILL = "work-paste-fill"  # fills the grid from the text area (nothing saved)

# ----------------------------------------------------------------- /kualitas
QUALITY_BODY = "quality-body"  # the counts and the items, each with a link to its fix
# ----------------------------------------------------------------- /skp
SKP_EMPLOYEE = "skp-employee"  # Dropdown with search (NIP or name): whose SKP is shown
SKP_SUMMARY = "skp-summary"  # the employee's score, ratings, predikat, feedback
SKP_RHK = "skp-rhk"  # their RHK with indicators, targets, realizations, scores
SKP_TEAM = "skp-team"  # the employees the user rates, with their state
SKP_TEAM_GRID = "skp-team-grid"  # AG Grid of them (row id = NIP)
SKP_FORM = "skp-form"  # the rating form: hidden unless the user may rate the employee
SKP_SCOPE = "skp-scope"  # why the form is not offered for the chosen employee
SKP_WORK = "skp-work"  # work rating (RadioItems; "" = the proposal stands)
SKP_BEHAVIOUR = "skp-behaviour"
SKP_NOTE = "skp-note"  # pattern-matching type: {"type": SKP_NOTE, "index": BerAKHLAK code}
SKP_REASON = "skp-reason"
SKP_FEEDBACK = "skp-feedback"
SKP_PREVIEW = "skp-preview"  # the predikat the chosen ratings give
SKP_SAVE = "skp-save"
SKP_NEXT = "skp-next"  # go to the next employee to rate
SKP_MESSAGE = "skp-message"
SKP_DISTRIBUTION = "skp-distribution"  # the unit's predikat spread against its predikat
SKP_HISTORY = "skp-history"
SKP_TPP_EXPORT = "skp-tpp-export"  # download the payroll (TPP) workbook of the period
SKP_BKN_EXPORT = "skp-bkn-export"  # download the BKN e-Kinerja workbook of the period
SKP_DOWNLOAD = "skp-download"  # dcc.Download of both
SKP_DOWNLOAD_NOTE = "skp-download-note"  # why a workbook could not be made
SKP_SELF_FORM = "skp-self-form"  # the employee's own note: hidden unless it is theirs
SKP_SELF_NOTE = "skp-self-note"
SKP_SELF_SAVE = "skp-self-save"
SKP_SELF_MESSAGE = "skp-self-message"
BUDGET_TABLE = "budget-table"  # the programs/activities of the unit with their budgets
BUDGET_FORM = "budget-form"  # the entry form (planners and admins only)
BUDGET_OBJECTIVE = "budget-objective"  # Dropdown: the program or activity
BUDGET_AMOUNT = "budget-amount"  # the budget (pagu), typed in the reader's number format
BUDGET_REALIZATION = "budget-realization"  # its realization (blank: not known yet)
BUDGET_SAVE = "budget-save"
BUDGET_MESSAGE = "budget-message"
COMMENT_CARD = "comment-card"  # the comments of the chosen objective (tree and map pages)
COMMENT_NODE = "comment-node"  # type of the card's Store {"type", "page"}: the page's chosen node
COMMENT_TARGET = "comment-target"  # Dropdown: the objective or one of its indicators
COMMENT_THREAD = "comment-thread"  # the thread, oldest first
COMMENT_FORM = "comment-form"  # the new comment: hidden for who may not comment
COMMENT_TEXT = "comment-text"
COMMENT_POST = "comment-post"
COMMENT_MESSAGE = "comment-message"
MENTIONS_LIST = "mentions-list"  # the signed-in account's unread mentions (inbox)
MENTIONS_READ = "mentions-read"  # mark them all read
MENTIONS_MESSAGE = "mentions-message"
SKP_CADENCE = "skp-cadence"  # RadioItems: monthly / quarterly periodic ratings (planners)
SKP_CADENCE_SAVE = "skp-cadence-save"
SKP_CADENCE_MESSAGE = "skp-cadence-message"
SKP_PREDIKAT_UNIT = "skp-predikat-unit"  # Dropdown: the unit whose organisation predikat is set
SKP_PREDIKAT_VALUE = "skp-predikat-value"  # Dropdown: the predikat ("" clears it)
SKP_PREDIKAT_YEAR = "skp-predikat-year"  # the year it is set for (of the period shown)
SKP_PREDIKAT_SAVE = "skp-predikat-save"
SKP_PREDIKAT_MESSAGE = "skp-predikat-message"
SKP_PREDIKAT_VIEW = "skp-predikat-view"  # the unit's distribution and predikat history

# ----------------------------------------------------------------- /laporan (SAKIP documents)
REPORT_UNIT = "report-unit"  # Dropdown: the unit (the region's unit for the region)
REPORT_YEAR = "report-year"  # Dropdown: a year of the plan
REPORT_MAKE = "report-make"  # pattern-matching type: {"type": REPORT_MAKE, "index": "pk.docx"}
REPORT_PROGRESS = "report-progress"  # shown while a document is being made
REPORT_STATUS = "report-status"  # what was made (file, rows, size, time) or a refusal (a read:
# not a `*-message` area, which marks a write callback)
REPORT_DOWNLOAD = "report-download"
PK_VERSIONS = "pk-versions"  # the unit's PK versions for the year, and scores against each
PK_VERSION_GET = "pk-version-get"  # pattern-matching type: {"type": ..., "index": "2.pdf"}
PK_FREEZE_FORM = "pk-freeze-form"  # shown to who may change targets
PK_FREEZE_KIND = "pk-freeze-kind"  # awal / perubahan
PK_FREEZE_DATE = "pk-freeze-date"  # the signing date (YYYY-MM-DD)
PK_FREEZE_REASON = "pk-freeze-reason"
PK_FREEZE = "pk-freeze"  # the button that freezes a version
PK_FREEZE_MESSAGE = "pk-freeze-message"

# ----------------------------------------------------------------- /lke (evaluator)
LKE_UNIT = "lke-unit"  # Dropdown: the unit, or the region's unit for the region
LKE_YEAR = "lke-year"
LKE_SUMMARY = "lke-summary"  # total, grade, components and sub-components, the trend
LKE_CRITERION = "lke-criterion"  # Dropdown of the 80 criteria
LKE_CRITERION_INFO = "lke-criterion-info"  # its text, current answer and the proposal
LKE_ANSWER = "lke-answer"  # RadioItems: Y T A B C D E, or none
LKE_NOTE = "lke-note"
LKE_EVIDENCE = "lke-evidence"
LKE_SAVE = "lke-save"
LKE_MESSAGE = "lke-message"
LKE_ANSWERS = "lke-answers"  # every criterion with its answer, note, evidence and proposal
LKE_FINDINGS = "lke-findings"
LKE_FINDING_CRITERION = "lke-finding-criterion"
LKE_FINDING_TEXT = "lke-finding-text"
LKE_FINDING_ADVICE = "lke-finding-advice"  # the recommendation
LKE_FINDING_ADD = "lke-finding-add"
LKE_FINDING_MESSAGE = "lke-finding-message"
LKE_FOLLOW_FINDING = "lke-follow-finding"  # Dropdown of the findings
LKE_FOLLOW_STATUS = "lke-follow-status"
LKE_FOLLOW_TEXT = "lke-follow-text"
LKE_FOLLOW_SAVE = "lke-follow-save"
LKE_FOLLOW_MESSAGE = "lke-follow-message"

# ----------------------------------------------------------------- /tindak-lanjut (follow-up)
FOLLOWUP_RED = "followup-red"  # the red indicators of the period and their follow-ups
FOLLOWUP_FORM = "followup-form"  # shown to who may record follow-ups
FOLLOWUP_INDICATOR = "followup-indicator"  # Dropdown: the red indicators the user may follow up
FOLLOWUP_CAUSE = "followup-cause"
FOLLOWUP_ACTION = "followup-action"  # the corrective action
FOLLOWUP_DUE = "followup-due"  # the due date (YYYY-MM-DD)
FOLLOWUP_RECOMMENDATION = "followup-recommendation"
FOLLOWUP_SAVE = "followup-save"
FOLLOWUP_MESSAGE = "followup-message"
FOLLOWUP_OPEN = "followup-open"  # the open follow-ups the user watches (a head: their subtree)
FOLLOWUP_CLOSE_ID = "followup-close-id"  # Dropdown: the open follow-ups the user may close
FOLLOWUP_CLOSE_NOTE = "followup-close-note"  # what was done
FOLLOWUP_CLOSE = "followup-close"
FOLLOWUP_CLOSE_MESSAGE = "followup-close-message"

# ----------------------------------------------------------------- / Beranda: follow-up card
HOME_FOLLOWUP = "home-followup"  # red indicators without a follow-up; overdue per unit
# ----------------------------------------------------------------- /impor (admins, planners)
IMPORT_TEMPLATE = "import-template"  # the button: the current plan as a workbook
IMPORT_TEMPLATE_DOWNLOAD = "import-template-download"
IMPORT_TEMPLATE_STATUS = "import-template-status"  # a refused download (it writes nothing)
IMPORT_UPLOAD = "import-upload"  # dcc.Upload of the plan file (.xlsx / .json)
IMPORT_UPLOAD_LABEL = "import-upload-label"  # its visible label (the file input's name)
IMPORT_PREVIEW = "import-preview"  # every change by list, or every problem at its place
IMPORT_FINGERPRINT = "import-fingerprint"  # Store: the previewed changes' digest
IMPORT_REMOVALS = "import-removals"  # Checklist: also remove the items in red
IMPORT_REMOVALS_BLOCK = "import-removals-block"
IMPORT_CONFIRM = "import-confirm"  # the button that imports the previewed file
IMPORT_MESSAGE = "import-message"  # what the confirmed import did, or why it was refused
# ----------------------------------------------------------------- /organisasi
ORG_TREE = "org-tree"  # the unit tree (buttons of type ORG_UNIT_BUTTON, one per unit)
ORG_UNIT_BUTTON = "org-unit"  # pattern id type: {"type": ORG_UNIT_BUTTON, "code": CODE}
ORG_SELECTED = "org-selected"  # Store: the chosen unit's code
ORG_UNIT_TITLE = "org-unit-title"
ORG_EMPLOYEES = "org-employees"  # the chosen unit's employees (NIP, name, position, ...)
ORG_FORMS = "org-forms"  # shown to who may change the organisation
ORG_UNIT_CODE = "org-unit-code"
ORG_UNIT_NAME = "org-unit-name"
ORG_UNIT_PARENT = "org-unit-parent"
ORG_UNIT_KIND = "org-unit-kind"
ORG_UNIT_SAVE = "org-unit-save"
ORG_EMP_PICK = "org-emp-pick"  # Dropdown: the employee to edit (empty: a new one)
ORG_EMP_NIP = "org-emp-nip"
ORG_EMP_NAME = "org-emp-name"
ORG_EMP_POSITION = "org-emp-position"
ORG_EMP_UNIT = "org-emp-unit"
ORG_EMP_SUPERVISOR = "org-emp-supervisor"
ORG_EMP_SAVE = "org-emp-save"
ORG_LEAVING = "org-leaving"  # Dropdown: who leaves the position
ORG_SUCCESSOR = "org-successor"  # Dropdown: their successor
ORG_HANDOVER_DATE = "org-handover-date"  # YYYY-MM-DD
ORG_TAKE_POSITION = "org-take-position"  # Checklist: the successor takes the position too
ORG_SUCCEED = "org-succeed"  # the button naming the successor
ORG_MESSAGE = "org-message"  # the outcome of the last change
ORG_HOLDINGS = "org-holdings"  # the history of who held which objective when
ORG_UNIT_REMOVE = "org-unit-remove"  # the button removing the unit of the form
ORG_UNIT_CONFIRM = "org-unit-confirm"  # Checklist: move its units and employees as listed
ORG_EMP_REMOVE = "org-emp-remove"  # the button removing the employee of the form
ORG_EMP_CONFIRM = "org-emp-confirm"  # Checklist: move their direct reports as listed
ORG_HISTORY = "org-history-edits"  # the organisation edits of the shared history
ORG_UNDO_EDIT = "org-undo-edit"  # Dropdown: the edit to undo
ORG_UNDO = "org-undo"  # the button undoing it
