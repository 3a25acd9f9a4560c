/* Pasting a block copied in a spreadsheet onto the workshop's targets grid (docs/workshop.md).
 *
 * AG Grid community has no clipboard paste, so Ctrl+V on a cell of the grid is caught here:
 * the pasted text, with the focused cell, goes to a store and the server places the block from
 * that cell, reading every cell as the language writes numbers (nothing is saved). A single
 * value pasted into an open cell editor is left to the editor. Offline: no library. */
(function () {
    var GRID = "work-targets";
    var STORE = "work-targets-paste";

    document.addEventListener("paste", function (event) {
        var target = event.target;
        if (!target || !target.closest || !target.closest("#" + GRID)) {
            return;
        }
        var agGrid = window.dash_ag_grid;
        var api = agGrid && agGrid.getApi ? agGrid.getApi(GRID) : null;
        var clipboard = event.clipboardData || window.clipboardData;
        if (!api || !clipboard || !window.dash_clientside || !window.dash_clientside.set_props) {
            return;
        }
        var text = clipboard.getData("text/plain") || clipboard.getData("Text") || "";
        var editing = api.getEditingCells().length > 0;
        if (editing && !/[\t\r\n]/.test(text.replace(/[\r\n]+$/, ""))) {
            return; // one value into the cell being edited
        }
        var cell = api.getFocusedCell();
        if (!cell) {
            return;
        }
        var node = api.getDisplayedRowAtIndex(cell.rowIndex);
        event.preventDefault();
        if (editing) {
            api.stopEditing(true);
        }
        window.dash_clientside.set_props(STORE, {
            data: {text: text, row: node ? node.id : null, column: cell.column.getColId(),
                   at: Date.now()},
        });
    }, true);
})();
