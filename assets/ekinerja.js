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
    },
    /* A graph's view: zoom in / out around the centre, fit the drawing; after new elements
       the box is re-measured and fitted, and a chosen node (a click, a ?node= link) is
       selected and centred. Returns what it did (for tests). */
    graphView: function (zoomIn, zoomOut, fit, elements, chosen, graphId) {
      var ctx = window.dash_clientside.callback_context;
      var what = (ctx.triggered[0] || {}).prop_id || '';
      return new Promise(function (resolve) {
        setTimeout(function () {
          var graph = document.getElementById(graphId);
          var cy = graph && graph._cyreg && graph._cyreg.cy;
          if (!cy) { resolve(window.dash_clientside.no_update); return; }
          var centre = {x: cy.width() / 2, y: cy.height() / 2};
          if (what.indexOf('-zoom-in.') > 0) {
            cy.zoom({level: Math.min(cy.maxZoom(), cy.zoom() * 1.25), renderedPosition: centre});
          } else if (what.indexOf('-zoom-out.') > 0) {
            cy.zoom({level: Math.max(cy.minZoom(), cy.zoom() / 1.25), renderedPosition: centre});
          } else if (what.indexOf('-fit.') > 0 || what.indexOf('.elements') > 0 || !what) {
            cy.resize();
            cy.fit(cy.elements(), 16);
          }
          if (typeof chosen === 'string' && chosen && what.indexOf('-zoom-') < 0 && what.indexOf('-fit.') < 0) {
            var node = cy.getElementById(chosen);
            if (node.length) {
              cy.$(':selected').unselect();
              node.select();
              var box = node.renderedBoundingBox();
              if (what.indexOf('.elements') > 0 || box.x1 < 0 || box.y1 < 0 ||
                  box.x2 > cy.width() || box.y2 > cy.height()) { cy.center(node); }
            }
          }
          resolve({zoom: cy.zoom(), trigger: what, chosen: chosen || null});
        }, 120);
      });
    },
    /* Nodes dragged by hand (move mode of the map editor): their places go into a Store
       until they are saved (the server empties it). A redraw of the same map (new data)
       keeps them and puts the nodes back where they were dragged; another map drops them. */
    trackMoves: function (elements, moved, scope, graphId, storeId) {
      var graph = document.getElementById(graphId);
      var cy = graph && graph._cyreg && graph._cyreg.cy;
      if (!cy) { return window.dash_clientside.no_update; }
      var same = cy._ekinerjaScope === scope;
      cy._ekinerjaScope = scope;
      cy._ekinerjaMoves = same ? Object.assign({}, moved || {}) : {};
      var moves = cy._ekinerjaMoves;
      setTimeout(function () {
        Object.keys(moves).forEach(function (id) {
          var node = cy.getElementById(id);
          if (node.length) { node.position(moves[id]); }
        });
      }, 60);
      if (!cy._ekinerjaTracking) {
        cy._ekinerjaTracking = true;
        cy.on('dragfree', 'node.objective', function (event) {
          var p = event.target.position();
          cy._ekinerjaMoves[event.target.id()] = {x: Math.round(p.x * 10) / 10,
                                                  y: Math.round(p.y * 10) / 10};
          window.dash_clientside.set_props(storeId, {data: Object.assign({}, cy._ekinerjaMoves)});
        });
      }
      return Object.assign({}, moves);
    },
    /* The strategy map as a PNG composed in the page: a title and the period above the
       drawing, the legend of the bands and arrows below (texts from the server). */
    mapPng: function (clicks, meta, graphId) {
      if (!clicks || !meta) { return window.dash_clientside.no_update; }
      var graph = document.getElementById(graphId);
      var cy = graph && graph._cyreg && graph._cyreg.cy;
      if (!cy) { return window.dash_clientside.no_update; }
      var blob = cy.png({output: 'blob', full: true, scale: 2, bg: '#ffffff'});
      return createImageBitmap(blob).then(function (image) {
        var pad = 40, head = 120, legendRow = 56;
        var width = Math.max(image.width + 2 * pad, 1400);
        var height = head + image.height + legendRow * 2 + pad;
        var canvas = document.createElement('canvas');
        canvas.width = width; canvas.height = height;
        var g = canvas.getContext('2d');
        g.fillStyle = '#ffffff'; g.fillRect(0, 0, width, height);
        g.fillStyle = '#212121'; g.textBaseline = 'top';
        g.font = 'bold 40px sans-serif'; g.fillText(meta.title, pad, 24);
        g.font = '28px sans-serif'; g.fillStyle = '#455a64'; g.fillText(meta.subtitle, pad, 76);
        g.drawImage(image, (width - image.width) / 2, head);
        var x = pad, y = head + image.height + 20;
        g.font = '26px sans-serif'; g.textBaseline = 'middle';
        g.fillStyle = '#212121'; g.fillText(meta.legend_title, x, y + 16);
        x += g.measureText(meta.legend_title).width + 24;
        (meta.bands || []).forEach(function (band) {
          g.fillStyle = band.colour; g.fillRect(x, y, 40, 32);
          g.strokeStyle = '#263238'; g.strokeRect(x, y, 40, 32);
          g.fillStyle = '#212121'; g.fillText(band.label, x + 50, y + 16);
          x += 50 + g.measureText(band.label).width + 30;
        });
        y += legendRow; x = pad;
        g.strokeStyle = '#37474f'; g.lineWidth = 4;
        g.beginPath(); g.moveTo(x, y + 16); g.lineTo(x + 50, y + 16); g.stroke();
        g.beginPath(); g.moveTo(x + 62, y + 16); g.lineTo(x + 46, y + 6); g.lineTo(x + 46, y + 26);
        g.closePath(); g.fillStyle = '#37474f'; g.fill();
        g.fillStyle = '#212121'; g.fillText(meta.arrow, x + 76, y + 16);
        return new Promise(function (resolve) {
          canvas.toBlob(function (png) {
            var link = document.createElement('a');
            link.href = URL.createObjectURL(png);
            link.download = meta.filename || 'peta-strategi.png';
            document.body.appendChild(link); link.click(); link.remove();
            setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
            resolve({width: width, height: height, map: [image.width, image.height]});
          }, 'image/png');
        });
      });
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
