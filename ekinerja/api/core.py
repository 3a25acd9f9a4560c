"""The machinery of every endpoint: the route table (read by the OpenAPI document), Bearer-token
authentication, request validation with located errors, JSON answers, pagination and ETags."""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Response, current_app, g, json, request
from pydantic import BaseModel, ValidationError

from ekinerja import permissions as policy
from ekinerja.messages import N_, Message
from ekinerja.model import InvalidPlan
from ekinerja.permissions import Action
from ekinerja.rollup import Engine
from ekinerja.services import ConflictError, NotFound, PermissionDenied, ServiceError, tokens
from ekinerja.storage.database import Database

EXTENSION = "ekinerja_api"
PREFIX = "/api/v1"
MAX_PER_PAGE = 1000


@dataclass
class ApiState:
    """What the endpoints need: the plan source, the accounts' database, the settings."""

    source: Any  # ekinerja.sources.PlanSource
    accounts: Database
    settings: Any


def state() -> ApiState:
    """The API state of the current app."""
    return current_app.extensions[EXTENSION]


# ----------------------------------------------------------------- errors
class ApiError(Exception):
    """An answer other than 2xx: status, message, and located details ({field, message})."""

    def __init__(self, status: int, message: str | Message,
                 details: list[dict[str, Any]] | None = None, code: str | None = None):
        message = str(message)  # a Message in both languages: "pesan / message"
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.code = code or {400: "invalid_request", 401: "unauthorized", 403: "forbidden",
                             404: "not_found", 409: "conflict", 429: "rate_limited"}.get(
            status, "error")


def error_response(error: ApiError) -> Response:
    """The JSON body of an error: {"error": {"status", "code", "message", "details",
    "request_id"}} (the request id is in the server's log lines of the request too)."""
    from ekinerja.weblog import request_id

    body = {"error": {"status": error.status, "code": error.code, "message": error.message,
                      "details": error.details, "request_id": request_id()}}
    response = json_response(body, error.status)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ekinerja"' + (
            ', error="invalid_token"' if error.code == "invalid_token" else "")
    return response


def from_service(exc: ServiceError) -> ApiError:
    """The HTTP form of a refused service call."""
    from ekinerja.services.realization_batch import BatchRefused

    message = str(exc)
    if isinstance(exc, BatchRefused):
        details = [{"field": f"rows[{p.row}].{p.field}", "row": p.row, "message": str(p.message)}
                   for p in exc.problems]
        return ApiError(403 if exc.denied else 400, message, details)
    field_name = getattr(exc, "field", None)
    details = [{"field": field_name, "message": message}] if field_name else []
    if isinstance(exc, PermissionDenied):
        return ApiError(403, message, details)
    if isinstance(exc, NotFound):
        return ApiError(404, message, details)
    if isinstance(exc, ConflictError):
        return ApiError(409, message, details)
    return ApiError(400, message, details)


def located(exc: ValidationError, where: str) -> ApiError:
    """A pydantic error as a 400 naming each field (`rows[3].value`, `query.page`)."""
    details = []
    for item in exc.errors(include_url=False, include_context=False, include_input=False):
        path = ""
        for part in item["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        details.append({"field": f"{where}.{path}" if where == "query" else path or where,
                        "message": item["msg"]})
    first = details[0] if details else {"field": where,
                                        "message": Message(N_("invalid")).bilingual()}
    return ApiError(400, Message(N_("invalid request")).bilingual() + f": {first['field']}: "
                         f"{first['message']}", details)


# ----------------------------------------------------------------- JSON
def _clean(value: Any) -> Any:
    """NaN and infinities as null (JSON has neither)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def json_response(body: Any, status: int = 200) -> Response:
    """A JSON answer (UTF-8; NaN and infinities as null)."""
    try:
        text = json.dumps(body, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a NaN somewhere: clean the whole body (rare, and slower)
        text = json.dumps(_clean(body), ensure_ascii=False, allow_nan=False)
    return Response(text, status=status, mimetype="application/json")


def read_etag() -> str:
    """The ETag of a read: where the data lives, its revision (the database revision counter,
    or the plan file's time) and the request's path and query. Every role reads the same data,
    so the ETag is known before the answer is computed, and a matching If-None-Match costs
    nothing."""
    source = state().source
    database = getattr(source, "database", None)
    where = database.url if database is not None else str(getattr(source, "path", ""))
    key = f"{where}|{source.revision()}|{request.full_path}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def not_modified(etag: str) -> Response | None:
    """A bodyless 304 when the request's If-None-Match names `etag`, else None."""
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    return None


def cached(body: Any) -> Response:
    """A read's answer with its ETag (see read_etag) and `Cache-Control: private, no-cache`."""
    response = json_response(body)
    response.set_etag(g.get("api_etag") or read_etag())
    response.headers["Cache-Control"] = "private, no-cache"
    return response


_DOCUMENTS: OrderedDict[str, bytes] = OrderedDict()
_DOCUMENTS_LOCK = threading.Lock()
DOCUMENTS_KEPT = 2  # large read documents kept encoded per process (a province's is ~40 MB)


def cached_document(build: Callable[[], Any]) -> Response:
    """`cached(build())` for a large document that many clients read (the scores of a period):
    its encoded body is kept per ETag (the data revision and the request), so the next client
    without an ETag gets it without recomputing; a new revision makes a new key."""
    etag = g.get("api_etag") or read_etag()
    with _DOCUMENTS_LOCK:
        data = _DOCUMENTS.get(etag)
        if data is not None:
            _DOCUMENTS.move_to_end(etag)
    if data is None:
        data = json_response(build()).get_data()
        with _DOCUMENTS_LOCK:
            _DOCUMENTS[etag] = data
            while len(_DOCUMENTS) > DOCUMENTS_KEPT:
                _DOCUMENTS.popitem(last=False)
    response = Response(data, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def page_of(items: Sequence[Any], page: int, per_page: int,
            convert: Callable[[Any], Any] = lambda item: item) -> Response:
    """One page of a list: {"items", "page", "per_page", "total", "pages"}, a Link header;
    `convert` turns each item of the page (only) into JSON-ready values."""
    total = len(items)
    pages = max(1, math.ceil(total / per_page))
    body = {"items": [convert(item) for item in items[(page - 1) * per_page: page * per_page]],
            "page": page, "per_page": per_page, "total": total, "pages": pages}
    response = cached(body)
    links = []
    args = request.args.to_dict()
    for rel, number in (("next", page + 1), ("prev", page - 1)):
        if 1 <= number <= pages:
            query = "&".join(f"{k}={v}" for k, v in {**args, "page": number}.items())
            links.append(f'<{request.path}?{query}>; rel="{rel}"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


# ----------------------------------------------------------------- the route table
@dataclass
class Route:
    """One endpoint: what the OpenAPI document says about it, and how it is guarded."""

    path: str  # below PREFIX, Flask syntax (`/scores/<code>`)
    method: str
    view: Callable[..., Any]
    summary: str
    tag: str
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    action: Action | None = None  # a write: the token needs scope "write" and the role this
    paginated: bool = False
    path_params: dict[str, str] = field(default_factory=dict)

    @property
    def write(self) -> bool:
        """Whether the route changes data."""
        return self.method != "GET"

    @property
    def endpoint(self) -> str:
        """The Flask endpoint name."""
        return f"{self.method.lower()}_{self.view.__name__}"


ROUTES: list[Route] = []


def route(path: str, method: str = "GET", *, summary: str, tag: str,
          query: type[BaseModel] | None = None, body: type[BaseModel] | None = None,
          response: type[BaseModel] | None = None, status: int = 200,
          action: Action | None = None, paginated: bool = False,
          path_params: dict[str, str] | None = None) -> Callable[[Callable[..., Any]], Any]:
    """Declare an endpoint (see Route); the view receives the path parameters, then `query`
    and `body` as validated models when declared."""

    def declare(view: Callable[..., Any]) -> Callable[..., Any]:
        ROUTES.append(Route(path, method, view, summary, tag, query, body, response, status,
                            action, paginated, path_params or {}))
        return view

    return declare


def bearer_token() -> str:
    """The token of the Authorization header (401 without one)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, Message(N_("a Bearer token is required (Authorization: Bearer "
                                       "ekn_...)")))
    return token.strip()


def authenticate(route_: Route) -> tokens.Authenticated:
    """Who the request acts as; 401 for no or a bad token, 403 when the token's scope or the
    account's role may not take the route's action (scoped checks follow in the services)."""
    found = tokens.authenticate(state().accounts, bearer_token(), request.remote_addr)
    if found is None:
        raise ApiError(401, Message(N_("invalid, expired or revoked token")),
                       code="invalid_token")
    if route_.write and not found.may_write:
        raise ApiError(403, Message(N_("read-only token: changes need scope write")),
                       code="insufficient_scope")
    if route_.action is not None and not policy.may(found.user, route_.action):
        raise ApiError(403, policy.refusal(found.user, route_.action))
    return found


def _validated(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise located(exc, where) from None


def guarded(route_: Route) -> Callable[..., Response]:
    """The Flask view of a route: authenticate, validate, call, map service errors."""

    @wraps(route_.view)
    def view(**params: Any) -> Response:
        try:
            g.api_auth = authenticate(route_)
            if route_.method == "GET":
                g.api_etag = read_etag()
                unchanged = not_modified(g.api_etag)
                if unchanged is not None:
                    return unchanged
            kwargs: dict[str, Any] = dict(params)
            if route_.query is not None:
                kwargs["query"] = _validated(route_.query, request.args.to_dict(), "query")
            if route_.body is not None:
                data = request.get_json(silent=True)
                if data is None:
                    raise ApiError(400, Message(N_("the body must be JSON")),
                                   [{"field": "body", "message": "JSON expected"}])
                kwargs["body"] = _validated(route_.body, data, "body")
            return route_.view(**kwargs)
        except ApiError as exc:
            return error_response(exc)
        except ServiceError as exc:
            return error_response(from_service(exc))
        except InvalidPlan as exc:
            errors = [p for p in exc.problems if p.severity == "error"]
            details = [{"field": p.place, "message": p.message} for p in errors]
            return error_response(ApiError(400, str(errors[0]) if errors else str(exc),
                                           details))

    return view


def actor() -> Any:
    """The acting user of this request (the token's account, with the request's address)."""
    return g.api_auth.user


# ----------------------------------------------------------------- the plan
def database() -> Database:
    """The database changes go to (409 when the app shows a plan file read-only)."""
    db = getattr(state().source, "database", None)
    if db is None:
        raise ApiError(409, Message(N_("the plan is read-only (a plan file)")))
    return db


def plan_code(plan: str | None) -> str | None:
    """The plan asked for, else the app's plan."""
    return plan or getattr(state().source, "plan_code", None)


def engine(plan: str | None = None) -> Engine:
    """The compiled plan asked for (the app's by default), at the current revision."""
    source = state().source
    db = getattr(source, "database", None)
    if db is None or plan is None or plan == getattr(source, "plan_code", None):
        current = source()
        if plan is not None and current.doc.plan.code != plan:
            raise ApiError(404, Message(N_('plan not found: "{plan}"'), {"plan": plan}))
        return current
    from ekinerja import services

    return services.load_engine(db, plan)
