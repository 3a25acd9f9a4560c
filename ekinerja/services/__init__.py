"""Use cases: every change goes through here, with the acting user, in one audited transaction.

One module per theme — access (the acting user, the permission checks), accounts, plans,
realizations, periods, weights, structure, skp, importing, audit, engine_cache — each reading as the
rules it enforces; the SQL lives in ekinerja.storage. This package's namespace is the public
API (docs/architecture.md).
"""

from __future__ import annotations

from ekinerja.services.access import ROLES, User, system_user
from ekinerja.services.audit import audit_log
from ekinerja.services.engine_cache import ENGINE_CACHE_SIZE, load_engine, revision
from ekinerja.services.errors import (
    ConflictError,
    InvalidEdit,
    NotFound,
    PermissionDenied,
    ServiceError,
)
from ekinerja.services.evidence import (
    EvidenceLimits,
    Upload,
    decode_upload,
    evidence_file,
)
from ekinerja.services.importing import (
    ImportReport,
    RemovalsRefused,
    document_size,
    import_document,
    import_snapshots,
    restore_snapshot,
)
from ekinerja.services.maps import (
    add_causal_link,
    map_positions,
    place_nodes,
    remove_causal_link,
    reset_layout,
)
from ekinerja.services.periods import (
    close_period,
    closed_periods,
    is_period_closed,
    reopen_period,
)
from ekinerja.services.plans import list_plans, load_document
from ekinerja.services.realizations import (
    may_record_indicator,
    realization_history,
    record_realization,
)
from ekinerja.services.skp import (
    RatingEntry,
    may_rate,
    rate_employee,
    rating_history,
    skp_notes,
    skp_rating,
    skp_result,
    write_skp_note,
)
from ekinerja.services.structure import (
    Removal,
    add_indicator,
    add_link,
    add_objective,
    edit_history,
    indicator_manual,
    indicator_manuals,
    move_objective,
    removal_preview,
    remove_indicator,
    remove_link,
    remove_objective,
    set_indicator_manual,
    set_target,
    set_targets,
    start_plan,
    targets_of,
    undo_edit,
    update_indicator,
    update_objective,
)
from ekinerja.services.weights import (
    current_weights,
    restore_weights,
    set_weights,
    weight_versions,
)
from ekinerja.services.workflow import (
    Entry,
    may_verify_indicator,
    pending_verifications,
    reject_realizations,
    returned_entries,
    submit_realizations,
    verify_realizations,
)

__all__ = [
    "ENGINE_CACHE_SIZE",
    "ROLES",
    "ConflictError",
    "Entry",
    "EvidenceLimits",
    "ImportReport",
    "InvalidEdit",
    "NotFound",
    "PermissionDenied",
    "RatingEntry",
    "Removal",
    "RemovalsRefused",
    "ServiceError",
    "Upload",
    "User",
    "add_causal_link",
    "add_indicator",
    "add_link",
    "add_objective",
    "audit_log",
    "close_period",
    "closed_periods",
    "current_weights",
    "decode_upload",
    "document_size",
    "edit_history",
    "evidence_file",
    "import_document",
    "import_snapshots",
    "indicator_manual",
    "indicator_manuals",
    "is_period_closed",
    "list_plans",
    "load_document",
    "load_engine",
    "map_positions",
    "may_rate",
    "may_record_indicator",
    "may_verify_indicator",
    "move_objective",
    "pending_verifications",
    "place_nodes",
    "rate_employee",
    "rating_history",
    "realization_history",
    "record_realization",
    "reject_realizations",
    "removal_preview",
    "remove_causal_link",
    "remove_indicator",
    "remove_link",
    "remove_objective",
    "reopen_period",
    "reset_layout",
    "restore_snapshot",
    "restore_weights",
    "returned_entries",
    "revision",
    "set_indicator_manual",
    "set_target",
    "set_targets",
    "set_weights",
    "skp_notes",
    "skp_rating",
    "skp_result",
    "start_plan",
    "submit_realizations",
    "system_user",
    "targets_of",
    "undo_edit",
    "update_indicator",
    "update_objective",
    "verify_realizations",
    "weight_versions",
    "write_skp_note",
]
