/* Cell renderers of the AG Grids (dash-ag-grid reads window.dashAgGridComponentFunctions).
 *
 * PageLink: the cell's text as a link to `data.href`, a page of the app, followed without a
 * reload as dcc.Link does (so the period and language stay). A click follows it, and so does
 * Enter on the focused cell (the grid keeps the keyboard on its cells). */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions =
    window.dashAgGridComponentFunctions || {});

(function () {
    function follow(href) {
        window.history.pushState({}, "", href);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        window.scrollTo(0, 0);
    }

    dagcomponentfuncs.PageLink = function (props) {
        var href = props.data && props.data.href;
        var cell = props.eGridCell;
        React.useEffect(function () {
            if (!href || !cell) {
                return undefined;
            }
            var onKey = function (event) {
                if (event.key === "Enter") {
                    event.preventDefault();
                    follow(href);
                }
            };
            cell.addEventListener("keydown", onKey);
            return function () { cell.removeEventListener("keydown", onKey); };
        }, [href, cell]);
        if (!href) {
            return props.value;
        }
        return React.createElement("a", {
            href: href,
            className: "app-link grid-link",
            onClick: function (event) {
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
                    return;  // a new tab or window: the browser's own way
                }
                event.preventDefault();
                follow(href);
            },
        }, props.value);
    };
})();
