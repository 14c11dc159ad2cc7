/*
 * StatusHub status widget. Put one tag where the status should show on your own site:
 *
 *   <script src="https://status.example.com/widget.js" async></script>
 *
 * It reads api/v2/summary.json next to itself (so a static copy of the status page works the same) and shows the
 * overall status and every unresolved incident. Everything read is set as text, never as markup.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }

  // The status page's root is wherever this script came from: the live app or a static copy on another host.
  var root = new URL('./', script.src);
  var summaryUrl = new URL('api/v2/summary.json', root);
  var refreshMs = 60000;
  // The status page's language: StatusHub writes this line in it when it serves the script (WidgetScript.cs).
  var text = {"lang":"en","unavailable":"Status unavailable","indicator":{"none":"All Systems Operational","maintenance":"Service Under Maintenance","minor":"Minor Service Outage","major":"Partial System Outage","critical":"Major Service Outage"},"incident":{"investigating":"Investigating","identified":"Identified","monitoring":"Monitoring","resolved":"Resolved"}};
  var colours = { none: '#1a7f37', minor: '#9a6700', major: '#bc4c00', critical: '#cf222e', maintenance: '#0969da' };
  var css =
    ':host{all:initial}' +
    '.box{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff;' +
    'border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;display:inline-block;max-width:28em}' +
    'a{color:inherit;text-decoration:none}a:hover,a:focus{text-decoration:underline}' +
    '.dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.45em;vertical-align:baseline}' +
    '.overall{font-weight:600}ul{margin:.4em 0 0;padding:0 0 0 1.15em}li{margin:.15em 0}' +
    '.state{color:#57606a}';

  var host = document.createElement('div');
  host.className = 'statushub-widget';
  var shadow = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var style = document.createElement('style');
  style.textContent = css;
  shadow.appendChild(style);
  var box = document.createElement('div');
  box.className = 'box';
  box.setAttribute('lang', text.lang);
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  shadow.appendChild(box);
  place(host);

  function place(element) {
    var parent = script.parentNode;
    if (parent && parent.nodeName !== 'HEAD') {
      parent.insertBefore(element, script.nextSibling);
    } else if (document.body) {
      document.body.appendChild(element);
    } else {
      document.addEventListener('DOMContentLoaded', function () { document.body.appendChild(element); });
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  function link(path, text) {
    var anchor = element('a', '', text);
    anchor.href = new URL(path, root).href;
    anchor.target = '_blank';
    anchor.rel = 'noopener';
    return anchor;
  }

  function has(table, name) {
    return typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name);
  }

  // Known names in the page's language; anything newer than this script in plain words.
  function words(table, wire) {
    if (has(table, wire)) {
      return table[wire];
    }
    var plain = String(wire || '').replace(/_/g, ' ');
    return plain.charAt(0).toUpperCase() + plain.slice(1);
  }

  function show(status, incidents) {
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }

    var overall = link('./', '');
    overall.className = 'overall';
    var dot = element('span', 'dot');
    dot.style.background = colours[status.indicator] || '#57606a';
    overall.appendChild(dot);
    overall.appendChild(document.createTextNode(has(text.indicator, status.indicator) ? text.indicator[status.indicator] : status.description || text.unavailable));
    box.appendChild(overall);

    if (incidents.length > 0) {
      var list = element('ul');
      incidents.forEach(function (incident) {
        var item = element('li');
        item.appendChild(link('incidents/' + encodeURIComponent(String(incident.id)), incident.name));
        item.appendChild(element('span', 'state', ' – ' + words(text.incident, incident.status)));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
  }

  function refresh() {
    // no-cache revalidates with the ETag: an unchanged page costs a 304.
    fetch(summaryUrl.href, { mode: 'cors', credentials: 'omit', cache: 'no-cache' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (summary) {
        show(summary.status || {}, Array.isArray(summary.incidents) ? summary.incidents : []);
      })
      .catch(function () {
        show({}, []);
      });
  }

  refresh();
  setInterval(refresh, refreshMs);
})();
