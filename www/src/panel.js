// The demo's panel: what Consentry holds and why, with buttons that call the API.
const $ = (id) => document.getElementById(id);
// Vendor names are details that come with the consent interface: vendors()
// is a Promise. Until it resolves, the panel shows ids.
let names = new Map();
window.Consentry.vendors().then((list) => { names = new Map(list.map((v) => [v.id, v.name])); render(); });

function render() {
  const c = window.Consentry.getConsent();
  const granted = ['functional', 'analytics', 'marketing'].filter((k) => c[k]);
  $('panel-consent').textContent = c.decided
    ? 'Your choice: necessary' + (granted.length ? ', ' + granted.join(', ') : ' only') + '.'
    : 'No choice yet: only necessary is granted, every vendor below is held.';
  const body = $('panel-held');
  body.replaceChildren();
  for (const h of window.Consentry.held()) {
    const tr = document.createElement('tr');
    for (const text of [h.vendor ? names.get(h.vendor) || h.vendor : '(tagged by hand)', h.categories.join(' + '), h.state === 'dropped' ? h.kind + ' (dropped)' : h.kind, h.url]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  if (!body.firstChild) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 4;
    td.textContent = 'Nothing held.';
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

document.querySelector('#panel .buttons').addEventListener('click', (e) => {
  const a = e.target.closest('button')?.dataset.action;
  if (a === 'all') window.Consentry.acceptAll();
  if (a === 'analytics') window.Consentry.accept(['analytics']);
  if (a === 'reject') window.Consentry.rejectAll();
});
window.addEventListener('consentry:change', render);
render();
