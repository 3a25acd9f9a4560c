/* ekinerja: client-side helpers (served from assets/, allowed by the Content-Security-Policy). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  ekinerja: {
    /* The open page's language on <html lang> and its title on the browser tab. */
    applyPageMeta: function (meta) {
      if (!meta) { return window.dash_clientside.no_update; }
      if (meta.lang) { document.documentElement.lang = meta.lang; }
      if (meta.title) { document.title = meta.title; }
      return meta.lang || null;
    }
  }
});
