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
