/* ekinerja: client-side helpers (served from assets/, allowed by the Content-Security-Policy). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  ekinerja: {
    /* The open page's language on <html lang> and its title on the browser tab. */
    applyPageMeta: function (meta) {
      if (!meta) { return window.dash_clientside.no_update; }
      if (meta.lang) { document.documentElement.lang = meta.lang; }
      if (meta.title) { document.title = meta.title; }
      return meta.lang || null;
    },
    /* The menu button of a narrow screen opens and closes the menu; a new page closes it. */
    toggleMenu: function (clicks, pathname) {
      var ctx = window.dash_clientside.callback_context;
      var menu = document.getElementById('nav-menu');
      var open = menu && menu.classList.contains('open');
      var byButton = ctx.triggered.some(function (t) { return t.prop_id === 'nav-toggle.n_clicks'; });
      var next = byButton ? !open : false;
      return [next ? 'nav-menu open' : 'nav-menu', next ? 'true' : 'false'];
    }
  }
});

/* A dcc.Upload's file input has no label of its own: it takes the visible label of the field
   around it (`.upload-field` > `.upload-label`), so a screen reader names it; the
   autocomplete="off" that dcc.Upload sets is no autocomplete token for a file input. */
(function () {
  var counter = 0;
  function labelFileInputs() {
    var inputs = document.querySelectorAll('.upload-field input[type="file"]:not([aria-labelledby])');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      var label = input.closest('.upload-field').querySelector('.upload-label');
      if (!label) { continue; }
      if (!label.id) { counter += 1; label.id = 'upload-label-' + counter; }
      input.setAttribute('aria-labelledby', label.id);
      input.removeAttribute('autocomplete');
    }
  }
  function start() {
    labelFileInputs();
    new MutationObserver(labelFileInputs).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
