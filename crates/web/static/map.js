// Progressive enhancement of the server-rendered map (the page works without it): pan by
// dragging, zoom with the wheel or the + / - buttons, and, on a site's page, a click sets the
// latitude and longitude fields. Loaded from 'self' only; no inline script, no other origin.
(function () {
  'use strict';
  var svg = document.querySelector('svg.site-map');
  if (!svg) { return; }
  var box = svg.viewBox.baseVal;
  var full = { x: box.x, y: box.y, w: box.width, h: box.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  function apply() { svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h); }
  function point(event) {
    var p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoom(factor, centre) {
    var w = Math.min(full.w, Math.max(full.w / 40, view.w * factor));
    var k = w / view.w;
    view.x = centre.x - (centre.x - view.x) * k;
    view.y = centre.y - (centre.y - view.y) * k;
    view.w = w; view.h = view.h * k;
    apply();
  }
  svg.addEventListener('wheel', function (event) {
    event.preventDefault();
    zoom(event.deltaY > 0 ? 1.25 : 0.8, point(event));
  }, { passive: false });
  var drag = null;
  svg.addEventListener('pointerdown', function (event) {
    drag = { start: point(event), moved: false };
  });
  svg.addEventListener('pointermove', function (event) {
    if (!drag) { return; }
    var p = point(event);
    var dx = p.x - drag.start.x, dy = p.y - drag.start.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) { drag.moved = true; }
    if (drag.moved) { view.x -= dx; view.y -= dy; apply(); }
  });
  svg.addEventListener('pointerup', function (event) {
    var wasDrag = drag && drag.moved;
    drag = null;
    var lat = document.getElementById('lat'), lon = document.getElementById('lon');
    var precision = document.getElementById('precision');
    if (wasDrag || !lat || !lon || !svg.closest('.site-map-small')) { return; }
    var p = point(event);
    var d = svg.dataset;
    var kx = parseFloat(d.kx), scale = parseFloat(d.scale);
    lon.value = (parseFloat(d.lon0) + p.x / (kx * scale)).toFixed(5);
    lat.value = (parseFloat(d.lat1) - p.y / scale).toFixed(5);
    if (precision) { precision.value = 'exact'; }
    // Show where the point will be until the form is saved.
    var mark = svg.querySelector('.pending-point');
    if (!mark) {
      mark = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
      mark.setAttribute('class', 'pending-point');
      mark.setAttribute('r', '6');
      mark.setAttribute('fill', 'none');
      mark.setAttribute('stroke', '#b00020');
      mark.setAttribute('stroke-width', '2.5');
      svg.appendChild(mark);
    }
    mark.setAttribute('cx', p.x);
    mark.setAttribute('cy', p.y);
  });
  var controls = document.createElement('div');
  controls.className = 'map-controls';
  [['+', 0.66, 'Zoom in'], ['−', 1.5, 'Zoom out'], ['Reset', 0, 'Reset the map to the whole view']].forEach(function (c) {
    var b = document.createElement('button');
    b.type = 'button'; b.textContent = c[0]; b.className = 'secondary';
    b.setAttribute('aria-label', c[2]);
    b.addEventListener('click', function () {
      if (c[1] === 0) { view = { x: full.x, y: full.y, w: full.w, h: full.h }; apply(); return; }
      zoom(c[1], { x: view.x + view.w / 2, y: view.y + view.h / 2 });
    });
    controls.appendChild(b);
  });
  svg.parentNode.insertBefore(controls, svg);
}());
