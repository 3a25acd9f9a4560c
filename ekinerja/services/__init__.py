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
from ekinerja.services.errors import ConflictError, NotFound, PermissionDenied, ServiceError
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
    skp_rating,
    skp_result,
)
from ekinerja.services.structure import (
    add_indicator,
    add_objective,
    move_objective,
    remove_indicator,
    remove_objective,
    set_target,
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
    "NotFound",
    "PermissionDenied",
    "RatingEntry",
    "RemovalsRefused",
    "ServiceError",
    "Upload",
    "User",
    "add_indicator",
    "add_objective",
    "audit_log",
    "close_period",
    "closed_periods",
    "current_weights",
    "decode_upload",
    "document_size",
    "evidence_file",
    "import_document",
    "import_snapshots",
    "is_period_closed",
    "list_plans",
    "load_document",
    "load_engine",
    "may_rate",
    "may_record_indicator",
    "may_verify_indicator",
    "move_objective",
    "pending_verifications",
    "rate_employee",
    "rating_history",
    "realization_history",
    "record_realization",
    "reject_realizations",
    "remove_indicator",
    "remove_objective",
    "reopen_period",
    "restore_snapshot",
    "restore_weights",
    "returned_entries",
    "revision",
    "set_target",
    "set_weights",
    "skp_rating",
    "skp_result",
    "submit_realizations",
    "system_user",
    "update_indicator",
    "update_objective",
    "verify_realizations",
    "weight_versions",
]
