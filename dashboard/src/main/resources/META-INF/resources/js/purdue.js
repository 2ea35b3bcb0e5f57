// The Purdue map: zones as horizontal bands by Purdue level (highest at the top, so the office is
// above the plant floor as in every ISA-95/62443 drawing), hosts as boxes in their zones, conduits
// as links between zones. Live traffic lights it up and tells the attack's story:
// - benign flows draw a short-lived thin solid arrow;
// - the attacker's flows (the stream's ground-truth label) stay drawn as thick dashed arrows
//   labelled "☠ <step>", and the host it acts from is marked "☠ attacker";
// - a denial draws a dashed arrow up to the conduit that refused it (not past it), kept for the
//   latest denial there, and a mark "✗ n" on that conduit; one callout per conduit names the
//   latest denial and its rule;
// - hosts and conduits are buttons: selecting one (or a step or an alert, from the live view)
//   outlines it and describes its traffic, decisions and alerts (details()).
// Text labels are placed so that none overlaps another (relayout()). The drawing is rebuilt from
// what it has seen when the page gets narrow or wide, so the map fits a 400 px phone too.
import {s, h, table, secs, severityBadge, badge} from './dom.js';

const ROLE_ICON = {
  plc: '▣', sis: '◈', hmi: '▭', historian: '≣', 'engineering-ws': '⚒', 'jump-host': '⇄',
  workstation: '▭', 'vendor-remote': '⇵', 'iiot-gateway': '⇡', 'mqtt-broker': '✉', cloud: '☁',
};

/** Sizes of the wide drawing and of the narrow one (phones: hosts in fewer columns). */
const WIDE = {W: 800, LEFT: 64, HOST_W: 132, narrow: false};
const NARROW = {W: 420, LEFT: 34, HOST_W: 118, narrow: true};
const NARROW_QUERY = '(max-width: 560px)';
const LIVE_HOST_H = 50; // live, three lines: name, role, marks (attacker, alert)
const STATIC_HOST_H = 38;
const HOST_GAP = 10;
const ZONE_PAD = 10;
const ZONE_TITLE = 22;
const STATIC_GAP = 52; // between bands: conduit labels sit here
const LIVE_GAP = 68; // live, also the callouts and attack labels
const MAX_ATTACK_ROUTES = 16;
const MAX_ROUTES = 600;

/** Host role as the YAML spells it: the API may send the Java enum name (ENGINEERING_WS). */
export function roleName(role) {
  return String(role || '').toLowerCase().replace(/_/g, '-');
}

function hostZone(host) {
  if (Array.isArray(host.zones) && host.zones.length) return host.zones[0];
  return host.zone;
}

/** Rule selectors may arrive as {kind, id} records or as "zone:x" strings. */
export function selector(sel) {
  if (sel === null || sel === undefined) return 'any';
  if (typeof sel === 'string') return sel;
  const kind = String(sel.kind || '').toLowerCase();
  return kind === 'any' || !sel.id ? 'any' : `${kind}:${sel.id}`;
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function clip(text, n) {
  const t = String(text || '');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** Zone boxes and host boxes for a drawing of the given size. */
function layout(arch, size, gap, HOST_H) {
  const zones = arch.zones || [];
  const hosts = arch.hosts || [];
  const {W, LEFT, HOST_W} = size;
  const levels = [...new Set(zones.map((z) => Number(z.level)))].sort((a, b) => b - a);
  const bands = levels.map((lv) => zones.filter((z) => Number(z.level) === lv));
  const usable = W - LEFT - 8;
  const zoneBox = new Map();
  const hostBox = new Map();
  const count = (z) => hosts.filter((hh) => hostZone(hh) === z.id).length;
  const minW = HOST_W + 2 * ZONE_PAD;
  let y = 8;
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i];
    // Zones sharing a level split the width by how many hosts they hold, so a control zone with
    // three PLCs is not squeezed to the size of a safety zone with one SIS; none gets narrower
    // than one host.
    const weights = band.map((z) => Math.max(1, count(z)));
    const sum = weights.reduce((a, b) => a + b, 0);
    const free = usable - (band.length - 1) * 12;
    let widths = weights.map((w) => (free * w) / sum);
    if (band.length * minW <= free) {
      const small = widths.map((w) => w < minW);
      const fixed = small.filter(Boolean).length * minW;
      const rest = weights.reduce((a, w, j) => a + (small[j] ? 0 : w), 0);
      widths = widths.map((w, j) => (small[j] ? minW : ((free - fixed) * weights[j]) / rest));
    }
    const perRow = (zw) => Math.max(1, Math.floor((zw - 2 * ZONE_PAD + HOST_GAP) / (HOST_W + HOST_GAP)));
    let rows = 1;
    band.forEach((z, j) => { rows = Math.max(rows, Math.ceil(count(z) / perRow(widths[j])) || 1); });
    const bh = ZONE_TITLE + ZONE_PAD + rows * (HOST_H + HOST_GAP);
    let x = LEFT;
    band.forEach((z, j) => {
      const zw = widths[j];
      const zx = x;
      x += zw + 12;
      zoneBox.set(z.id, {x: zx, y, w: zw, h: bh, level: levels[i], band: i});
      const per = perRow(zw);
      hosts.filter((hh) => hostZone(hh) === z.id).forEach((hh, k) => {
        const col = k % per;
        const row = Math.floor(k / per);
        hostBox.set(hh.id, {x: zx + ZONE_PAD + col * (HOST_W + HOST_GAP), y: y + ZONE_TITLE + row * (HOST_H + HOST_GAP), w: HOST_W, h: HOST_H});
      });
    });
    y += bh + gap;
  }
  return {zoneBox, hostBox, H: Math.max(y - gap + 8, 60)};
}

/**
 * Lays out and draws an architecture. Returns {el, flows(list), denied(ev), deniedAll(list),
 * attacker(host), step(ev), alert(ev) -> key, select(sel), onSelect(fn), details(sel), reset(),
 * totals}; el is an
 * <svg> that scales to its container's width. A selection is {kind: 'host'|'conduit'|'step'|'alert', id}.
 * `truth: false` is a trainee's map: the events carry no attack labels, so the details do not
 * sort traffic into benign and attack (everything would read "benign").
 */
export function purdueMap(arch, {live = false, truth = true} = {}) {
  const zones = [...(arch.zones || [])];
  const hosts = arch.hosts || [];
  const conduits = arch.conduits || [];
  const hostById = new Map(hosts.map((hh) => [hh.id, hh]));
  const conduitById = new Map(conduits.map((c) => [c.id, c]));

  // --- what the map has seen (kept across redraws) ------------------------------------------
  const totals = {allowed: 0, denied: 0};
  const model = {
    routes: new Map(), // source|destination|protocol|conduit|step -> counts
    denials: new Map(), // conduit|rule|source|destination|protocol|step -> {count, last}
    conduits: new Map(), // id -> {allowed, denied, deniedEvents, last}
    attackRoutes: new Map(), // source|destination|step -> {source, destination, step, protocols, allowed, seq}
    alerts: new Map(), // key -> alert event
    steps: new Map(), // id -> step event
    attacker: null,
    selected: null,
    flagged: new Set(), // hosts of the selected alert or step
  };
  let seq = 0;
  let listener = null;

  // A host id in events may be a controller id (plc:plc-intake) or a host id.
  const hostId = (id) => {
    if (!id) return null;
    const bare = String(id).replace(/^(plc|host|role):/, '');
    if (hostById.has(bare)) return bare;
    const byCtl = hosts.find((hh) => hh.controller === bare);
    return byCtl ? byCtl.id : null;
  };
  const canon = (id) => hostId(id) || String(id || '?');
  const conduitStats = (id) => {
    if (!model.conduits.has(id)) model.conduits.set(id, {allowed: 0, denied: 0, deniedEvents: 0, last: null});
    return model.conduits.get(id);
  };
  // Flows' sums are complete but come a moment later; denial events come at once but are capped
  // per second. The larger of the two is the best count at any moment.
  const deniedAt = (id) => {
    const c = model.conduits.get(id);
    return c ? Math.max(c.denied, c.deniedEvents) : 0;
  };

  // --- the drawing ---------------------------------------------------------------------------
  const svg = s('svg', {class: 'purdue', role: 'group', 'aria-labelledby': 'purdue-title', 'data-testid': 'purdue-map'});
  let v = null; // the current drawing's elements
  const narrowQuery = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : null;

  function draw() {
    const size = narrowQuery && narrowQuery.matches ? NARROW : WIDE;
    const {W} = size;
    const GAP = live ? LIVE_GAP : STATIC_GAP;
    const {zoneBox, hostBox, H} = layout(arch, size, GAP, live ? LIVE_HOST_H : STATIC_HOST_H);
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.classList.toggle('narrow', size.narrow);
    svg.replaceChildren(
      s('title', {id: 'purdue-title'}, `Purdue map of ${arch.id}: ${zones.length} zones, ${hosts.length} hosts, ${conduits.length} conduits`),
      s('defs', null,
        s('marker', {id: 'arrow-ok', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse'},
          s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrow-ok'})),
        s('marker', {id: 'arrow-deny', viewBox: '0 0 10 10', refX: 5, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto'},
          s('path', {d: 'M1,1 L9,9 M9,1 L1,9', class: 'arrow-deny-x'})),
        s('marker', {id: 'arrow-att', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 4, markerHeight: 4, orient: 'auto-start-reverse'},
          s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrow-att'}))));

    // Level labels and zones.
    const gZones = s('g', {class: 'zones'});
    const seenLevel = new Set();
    for (const z of zones) {
      const b = zoneBox.get(z.id);
      if (!seenLevel.has(b.level)) {
        seenLevel.add(b.level);
        gZones.append(s('text', {x: 4, y: b.y + b.h / 2 + 5, class: 'level'}, `L${b.level}`));
      }
      gZones.append(s('g', {class: 'zone', 'data-zone': z.id},
        s('rect', {x: b.x, y: b.y, width: b.w, height: b.h, rx: 6}),
        s('text', {x: b.x + 8, y: b.y + 16, class: 'zone-title'}, z.id,
          s('tspan', {class: 'zone-sl'}, `  SL-T ${z.securityLevelTarget ?? z.slt ?? '–'}`)),
        s('title', null, `${z.id} (level ${z.level}): ${z.description || ''}`)));
    }
    svg.append(gZones);

    // Conduits under the hosts so links never hide a host's name.
    const gConduits = s('g', {class: 'conduits'});
    const conduitEls = new Map();
    const pairCount = new Map();
    for (const c of conduits) {
      const a = zoneBox.get(c.zoneA || (c.between && c.between[0]));
      const b = zoneBox.get(c.zoneB || (c.between && c.between[1]));
      if (!a || !b) continue;
      const key = [a.band, b.band].sort().join('-');
      const nth = pairCount.get(key) || 0;
      pairCount.set(key, nth + 1);
      let x1; let y1; let x2; let y2;
      if (a.band === b.band) {
        const [l, r] = a.x < b.x ? [a, b] : [b, a];
        x1 = l.x + l.w; x2 = r.x; y1 = y2 = l.y + l.h - 14 - nth * 18;
      } else {
        const [u, d] = a.y < b.y ? [a, b] : [b, a];
        const lo = Math.max(u.x, d.x);
        const hi = Math.min(u.x + u.w, d.x + d.w);
        const cx = lo < hi ? lo + (hi - lo) * (0.5 + 0.18 * nth) : null;
        x1 = cx ?? u.x + u.w / 2; x2 = cx ?? d.x + d.w / 2;
        y1 = u.y + u.h; y2 = d.y;
      }
      // Conduits that skip a band would cross it: keep their label in the first gap.
      const tagW = size.narrow ? 96 : 120;
      let lx = a.band === b.band ? (x1 + x2) / 2 : x1 + (x2 - x1) * 0.1;
      lx = Math.min(Math.max(lx, size.LEFT + tagW / 2), W - 4 - tagW / 2);
      const ly = a.band === b.band ? y1 : y1 + GAP / 2;
      const counter = s('text', {x: lx + tagW / 2 + 4, y: ly + 4, class: 'conduit-count', 'data-testid': `conduit-count-${c.id}`}, '');
      const mark = s('g', {class: 'deny-mark', 'data-testid': `deny-mark-${c.id}`, 'data-for': c.id, visibility: 'hidden'},
        s('rect', {x: lx - tagW / 2 - 4, y: ly - 10, width: 10, height: 20, rx: 4}),
        s('text', {x: lx - tagW / 2 - 9, y: ly + 4, 'text-anchor': 'end'}, ''),
        s('title', null, ''));
      const g = s('g', {class: 'conduit', 'data-conduit': c.id, tabindex: live ? 0 : null, role: live ? 'button' : null,
        'aria-label': live ? `conduit ${c.id}: show its traffic and decisions` : null},
      s('line', {x1, y1, x2, y2, class: 'conduit-line'}),
      s('rect', {x: lx - tagW / 2, y: ly - 11, width: tagW, height: 22, rx: 11, class: 'conduit-tag'}),
      s('text', {x: lx, y: ly + 4, class: 'conduit-label', 'text-anchor': 'middle'}, clip(c.id, size.narrow ? 14 : 18)),
      counter,
      mark,
      s('title', null, `conduit ${c.id}: ${c.rules ? `${c.rules.length} rules. ` : ''}${c.description || ''}`));
      if (live) interactive(g, {kind: 'conduit', id: c.id});
      gConduits.append(g);
      conduitEls.set(c.id, {g, counter, mark, lx, ly, tagW, x1, y1, x2, y2, callout: null});
    }
    svg.append(gConduits);

    const gHosts = s('g', {class: 'hosts'});
    const hostEls = new Map();
    for (const hh of hosts) {
      const b = hostBox.get(hh.id);
      if (!b) continue;
      const role = roleName(hh.role);
      const mark = s('text', {x: b.x + 6, y: b.y + 44, class: 'host-mark'}, '');
      const icon = ROLE_ICON[role] || '•';
      const name = s('text', {x: b.x + 6, y: b.y + 15, class: 'host-id'}, `${icon} ${hh.id}`);
      const g = s('g', {class: `host role-${role}`, 'data-host': hh.id, tabindex: live ? 0 : null, role: live ? 'button' : null,
        'aria-label': live ? `host ${hh.id} (${role}): show its traffic, decisions and alerts` : null},
      s('rect', {x: b.x, y: b.y, width: b.w, height: b.h, rx: 4}),
      name,
      s('text', {x: b.x + 6, y: b.y + 29, class: 'host-role'}, clip(role + (hh.controller && hh.controller !== hh.id ? ` · ${hh.controller}` : ''), size.narrow ? 20 : 24)),
      mark,
      s('title', null, `${hh.id} (${role}) in ${(hh.zones || [hh.zone]).join(', ')}: ${hh.description || ''}`));
      if (live) interactive(g, {kind: 'host', id: hh.id});
      gHosts.append(g);
      hostEls.set(hh.id, {g, mark, name, icon, b});
    }
    svg.append(gHosts);
    const gAttack = s('g', {class: 'attack-flows'});
    const gFlows = s('g', {class: 'flows', 'aria-hidden': 'true'});
    const gLabels = s('g', {class: 'callouts'});
    svg.append(gAttack, gFlows, gLabels);
    v = {W, H, size, conduitEls, hostEls, gAttack, gFlows, gLabels, attackEls: new Map(), labels: []};

    // What the map has seen so far survives the redraw.
    conduitEls.forEach((_, id) => { paintCount(id); paintDenial(id); denialArrow(id); });
    [...model.attackRoutes.values()].sort((a, b) => a.seq - b.seq).forEach(paintAttack);
    paintHosts();
    paintSelection();
    scheduleLayout();
  }

  function interactive(g, sel) {
    g.addEventListener('click', () => select(sel));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(sel); }
    });
  }

  // --- painting what the model holds -----------------------------------------------------------
  const centre = (e) => ({x: e.b.x + e.b.w / 2, y: e.b.y + e.b.h / 2});
  /** Where the line from a host's centre towards (x, y) leaves its box: arrows end there, so no
   * arrow head covers a host's name. */
  const edge = (e, x, y) => {
    const c = centre(e);
    const dx = x - c.x; const dy = y - c.y;
    if (!dx && !dy) return c;
    const t = Math.min(dx ? (e.b.w / 2) / Math.abs(dx) : Infinity, dy ? (e.b.h / 2) / Math.abs(dy) : Infinity);
    return {x: c.x + dx * t, y: c.y + dy * t};
  };
  /** A bent arrow from host a to host b (bend > 0 one way, < 0 the other), ending at the boxes. */
  const curve = (a, b, bend) => {
    const c1 = centre(a); const c2 = centre(b);
    const mx = (c1.x + c2.x) / 2 + (c2.y - c1.y) * bend; const my = (c1.y + c2.y) / 2 - (c2.x - c1.x) * bend;
    const p1 = edge(a, mx, my); const p2 = edge(b, mx, my);
    return {d: `M${p1.x},${p1.y} Q${mx},${my} ${p2.x},${p2.y}`, mid: {x: (p1.x + 2 * mx + p2.x) / 4, y: (p1.y + 2 * my + p2.y) / 4}};
  };

  function paintCount(id) {
    const c = v.conduitEls.get(id);
    const st = model.conduits.get(id);
    if (!c || !st) return;
    const d = deniedAt(id);
    c.counter.textContent = `✓${st.allowed}${d ? ` ✗${d}` : ''}`;
  }

  /** The conduit's denial mark ("✗ n") and its callout naming the latest denial. */
  function paintDenial(id) {
    const c = v.conduitEls.get(id);
    const st = model.conduits.get(id);
    if (!c || !st || !st.last) return;
    const n = deniedAt(id);
    const ev = st.last;
    const rule = ev.rule ? `rule ${ev.rule}` : 'default deny';
    const [rect, text, title] = c.mark.childNodes;
    text.textContent = `✗ ${n}`;
    const w = 14 + 7.5 * text.textContent.length;
    rect.setAttribute('width', w);
    rect.setAttribute('x', c.lx - c.tagW / 2 - 4 - w);
    text.setAttribute('x', c.lx - c.tagW / 2 - 4 - w / 2);
    text.setAttribute('text-anchor', 'middle');
    title.textContent = `${n} denied at ${id}; the latest by ${rule}`;
    c.mark.setAttribute('visibility', 'visible');
    c.mark.setAttribute('aria-label', `${n} denied at conduit ${id}`);
    // The callout names who and by which rule; what was refused is in its title and the details.
    const who = ev.attack ? `☠ ${clip(ev.step || 'attack', 16)} ` : '';
    const what = v.size.narrow ? '' : `${clip(ev.subject || ev.protocol || '', 18)} `;
    const words = `${who}✗ DENIED ${what}(${clip(rule, 24)}) ×${n}`;
    if (!c.callout) {
      c.callout = s('text', {class: `deny-callout${ev.attack ? ' attack' : ''}`, 'data-testid': `deny-callout-${id}`, 'data-for': id, 'text-anchor': 'middle'}, words, s('title', null, ''));
      v.gLabels.append(c.callout);
      v.labels.push({el: c.callout, ax: c.lx, ay: c.ly - 18});
    } else {
      c.callout.firstChild.textContent = words;
      c.callout.classList.toggle('attack', Boolean(ev.attack));
    }
    c.callout.lastChild.textContent = `latest denial at ${id}: ${ev.source} → ${ev.destination} ${[ev.protocol, ev.subject].filter(Boolean).join(' ')}, ${rule}${ev.reason ? `: ${ev.reason}` : ''}`;
    scheduleLayout();
  }

  function paintAttack(r) {
    const a = v.hostEls.get(r.source);
    const b = v.hostEls.get(r.destination);
    if (!a || !b || a === b) return;
    let e = v.attackEls.get(r.key);
    const words = `☠ ${r.step} · ${[...r.protocols].join('/')} ×${r.allowed}`;
    if (!e) {
      // Bent the other way from benign arrows, and each further step on the same pair a little
      // more, so no two lie on one another.
      const k = [...v.attackEls.values()].filter((x) => x.pair === `${r.source}|${r.destination}`).length;
      const cv = curve(a, b, -(0.2 + 0.14 * k));
      const path = s('path', {d: cv.d, class: 'flow flow-attack', 'marker-end': 'url(#arrow-att)'});
      const label = s('text', {class: 'attack-label', 'text-anchor': 'middle', 'data-testid': 'attack-label'}, words);
      const g = s('g', {class: 'attack-flow', 'data-testid': 'attack-flow', 'data-step': r.step, 'data-source': r.source, 'data-destination': r.destination},
        path, s('title', null, `attack step ${r.step}: ${r.source} → ${r.destination}`));
      v.gAttack.append(g);
      v.gLabels.append(label);
      // The label sits on the curve's middle, or the nearest free place (relayout).
      e = {g, label, path, pair: `${r.source}|${r.destination}`};
      v.attackEls.set(r.key, e);
      v.labels.push({el: label, ax: cv.mid.x, ay: cv.mid.y - 4});
    } else {
      e.label.textContent = words;
    }
    e.g.classList.remove('fresh');
    void e.g.getBoundingClientRect();
    e.g.classList.add('fresh');
    while (v.attackEls.size > MAX_ATTACK_ROUTES) {
      const [oldKey, old] = v.attackEls.entries().next().value;
      old.g.remove(); old.label.remove();
      v.labels = v.labels.filter((l) => l.el !== old.label);
      v.attackEls.delete(oldKey);
    }
    scheduleLayout();
  }

  function paintHosts() {
    v.hostEls.forEach((e, id) => {
      const parts = [];
      if (model.attacker === id) parts.push('☠ attacker');
      if (model.flagged.has(id)) parts.push('◉ alert');
      e.mark.textContent = parts.join(' ');
      // Selected: a thick outline, and "▸" in place of the role icon (not colour only).
      const sel = Boolean(model.selected && model.selected.kind === 'host' && model.selected.id === id);
      e.name.textContent = `${sel ? '▸' : e.icon} ${id}`;
      e.g.classList.toggle('attacker', model.attacker === id);
      e.g.classList.toggle('flagged', model.flagged.has(id));
    });
  }

  function paintSelection() {
    const sel = model.selected;
    v.hostEls.forEach((e, id) => e.g.classList.toggle('selected', Boolean(sel && sel.kind === 'host' && sel.id === id)));
    v.conduitEls.forEach((e, id) => e.g.classList.toggle('selected', Boolean(sel && sel.kind === 'conduit' && sel.id === id)));
    v.attackEls.forEach((e) => e.g.classList.toggle('selected', Boolean(sel && sel.kind === 'step' && e.g.dataset.step === sel.id)));
  }

  // --- labels that never overlap ---------------------------------------------------------------
  let layoutPending = false;
  function scheduleLayout() {
    if (layoutPending) return;
    layoutPending = true;
    const run = () => { layoutPending = false; relayout(); };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run); else setTimeout(run, 0);
  }

  /**
   * Places every callout and attack label at its anchor, or the nearest row above or below where
   * it overlaps no conduit tag, no denial mark and no label placed before it; kept inside the map.
   */
  function relayout() {
    if (!v || !svg.isConnected) return;
    svg.setAttribute('viewBox', `0 0 ${v.W} ${v.H}`);
    const placed = [];
    // Labels stay off the hosts and the zone titles, so no name is ever hidden.
    v.hostEls.forEach((e) => placed.push({x: e.b.x, y: e.b.y, w: e.b.w, h: e.b.h}));
    svg.querySelectorAll('.zone-title').forEach((t) => {
      const bb = t.getBBox();
      placed.push({x: bb.x, y: bb.y, w: bb.width, h: bb.height});
    });
    v.conduitEls.forEach((c) => {
      placed.push({x: c.lx - c.tagW / 2, y: c.ly - 11, w: c.tagW, h: 22});
      if (c.mark.getAttribute('visibility') === 'visible') {
        const r = c.mark.firstChild;
        placed.push({x: Number(r.getAttribute('x')), y: c.ly - 10, w: Number(r.getAttribute('width')), h: 20});
      }
    });
    for (const l of v.labels) {
      l.el.setAttribute('x', l.ax);
      l.el.setAttribute('y', l.ay);
      const bb = l.el.getBBox();
      if (!bb.width) continue;
      // Candidates around the anchor, nearest first (rows up and down, then sideways), inside the map.
      const step = bb.height + 3;
      const cands = [];
      for (const dx of [0, -0.25, 0.25, -0.5, 0.5]) {
        for (let k = -10; k <= 10; k++) cands.push({dx: dx * bb.width, dy: k * step, cost: Math.abs(k) * step + Math.abs(dx) * bb.width * 1.5});
      }
      cands.sort((a, b) => a.cost - b.cost);
      let best = null;
      for (const c of cands) {
        let dx = c.dx;
        if (bb.x + dx < 2) dx = 2 - bb.x;
        if (bb.x + bb.width + dx > v.W - 2) dx = Math.max(2 - bb.x, v.W - 2 - bb.x - bb.width);
        const box = {x: bb.x + dx - 2, y: bb.y + c.dy - 1, w: bb.width + 4, h: bb.height + 2};
        if (box.y < 0 || box.y + box.h > v.H) continue;
        if (!placed.some((p) => overlaps(p, box))) { best = {dx, dy: c.dy, box}; break; }
      }
      if (!best) {
        // Nowhere free near its anchor: below everything placed so far (the map grows to fit).
        const bottom = Math.max(v.H, ...placed.map((p) => p.y + p.h));
        best = {dx: 0, dy: bottom + 2 - bb.y, box: {x: bb.x - 2, y: bottom + 1, w: bb.width + 4, h: bb.height + 2}};
        svg.setAttribute('viewBox', `0 0 ${v.W} ${best.box.y + best.box.h + 4}`);
      }
      l.el.setAttribute('x', l.ax + best.dx);
      l.el.setAttribute('y', l.ay + best.dy);
      placed.push(best.box);
    }
  }

  // --- transient arrows --------------------------------------------------------------------------
  function pulse(el, cls, ms) {
    el.classList.remove(cls);
    // Reflow so re-adding the class restarts the CSS animation on repeated events.
    void el.getBoundingClientRect();
    el.classList.add(cls);
    clearTimeout(el[`_t_${cls}`]);
    el[`_t_${cls}`] = setTimeout(() => el.classList.remove(cls), ms);
  }

  function bound() {
    // A scan or flood must not grow the DOM without limit.
    while (v.gFlows.childNodes.length > 40) v.gFlows.firstChild.remove();
  }

  function benignArrow(src, dst) {
    const a = v.hostEls.get(src);
    const b = v.hostEls.get(dst);
    if (!a || !b || a === b) return;
    bound();
    const path = s('path', {d: curve(a, b, 0.15).d, class: 'flow flow-ok', 'marker-end': 'url(#arrow-ok)'});
    v.gFlows.append(path);
    setTimeout(() => path.remove(), 1600);
  }

  /**
   * The latest refused connection or message at a conduit: an arrow from its source up to the
   * conduit's tag, and no further, kept (it flashes when another denial comes).
   */
  function denialArrow(conduit) {
    const c = v.conduitEls.get(conduit);
    const st = model.conduits.get(conduit);
    const a = c && st && st.last ? v.hostEls.get(canon(st.last.source)) : null;
    if (!a) return;
    // Stop at the tag's edge on the source's side.
    const above = centre(a).y < c.ly;
    const p2 = {x: Math.min(Math.max(centre(a).x, c.lx - c.tagW / 2 + 10), c.lx + c.tagW / 2 - 10), y: above ? c.ly - 12 : c.ly + 12};
    const p1 = edge(a, p2.x, p2.y);
    if (!c.denyArrow) {
      c.denyArrow = s('path', {class: 'flow flow-deny', 'data-testid': `deny-arrow-${conduit}`, 'marker-end': 'url(#arrow-deny)'});
      v.gAttack.append(c.denyArrow);
    }
    c.denyArrow.setAttribute('d', `M${p1.x},${p1.y} L${p2.x},${p2.y}`);
    c.denyArrow.dataset.source = canon(st.last.source);
    c.denyArrow.classList.toggle('flow-deny-attack', Boolean(st.last.attack));
    pulse(c.denyArrow, 'fresh', 3000);
  }

  /**
   * `denied` events, in order: each counted, then each conduit they reached painted once, as its
   * latest left it (so a replay that catches up many at once redraws a conduit once, not per
   * denial).
   */
  function deniedAll(events) {
    const reached = new Set();
    for (const ev of events) {
      const st = conduitStats(ev.conduit);
      st.deniedEvents++;
      st.last = ev;
      const source = canon(ev.source);
      const destination = canon(ev.destination);
      const step = ev.attack ? (ev.step || 'attack') : null;
      const key = [ev.conduit, ev.rule || '', source, destination, ev.protocol, step || ''].join('|');
      const d = model.denials.get(key) || {conduit: ev.conduit, rule: ev.rule, reason: ev.reason, source, destination, protocol: ev.protocol, subject: ev.subject, step, count: 0};
      d.count++; d.subject = ev.subject;
      model.denials.set(key, d);
      reached.add(ev.conduit);
    }
    for (const id of reached) {
      const c = v.conduitEls.get(id);
      if (c) pulse(c.g, 'deny', 3000);
      paintCount(id);
      paintDenial(id);
      denialArrow(id);
    }
  }

  // --- selection and details -------------------------------------------------------------------
  function select(sel) {
    model.selected = sel;
    model.flagged = new Set();
    if (sel && sel.kind === 'alert') {
      const a = model.alerts.get(sel.id);
      [].concat((a && a.hosts) || []).forEach((x) => { const id = hostId(x); if (id) model.flagged.add(id); });
    } else if (sel && sel.kind === 'step') {
      const st = model.steps.get(sel.id);
      if (st) [st.from, st.target].forEach((x) => { const id = hostId(x); if (id) model.flagged.add(id); });
    }
    paintHosts();
    paintSelection();
    if (listener) listener(sel);
  }

  /** Hosts an alert, a step or a conduit concerns, for finding their traffic. */
  function subjectOf(sel) {
    const st = sel.kind === 'step' ? model.steps.get(sel.id) : null;
    const alert = sel.kind === 'alert' ? model.alerts.get(sel.id) : null;
    const alertHosts = new Set([].concat((alert && alert.hosts) || []).map(canon));
    switch (sel.kind) {
      case 'host': return {route: (r) => r.source === sel.id || r.destination === sel.id, hosts: new Set([sel.id])};
      case 'conduit': {
        const hs = new Set();
        model.routes.forEach((r) => { if (r.conduit === sel.id) { hs.add(r.source); hs.add(r.destination); } });
        return {route: (r) => r.conduit === sel.id, hosts: hs, conduit: sel.id};
      }
      case 'step': return {route: (r) => r.step === sel.id, hosts: new Set([st && canon(st.from), st && st.target && canon(st.target)].filter(Boolean)), step: st};
      case 'alert': return {
        route: (r) => (alertHosts.size > 1 ? alertHosts.has(r.source) && alertHosts.has(r.destination) : alertHosts.has(r.source) || alertHosts.has(r.destination)),
        hosts: alertHosts, alert,
      };
      default: return {route: () => false, hosts: new Set()};
    }
  }

  const by = (step) => (step ? h('span', {class: 'by-attack'}, `☠ ${step}`) : h('span', {class: 'by-benign'}, 'benign'));

  /** What one element saw: its traffic, the conduits' decisions and the alerts, as DOM. */
  function details(sel) {
    if (!sel) return h('p', {class: 'hint'}, truth ? 'Select a host or a conduit on the map, a step or an alert, to see its traffic.' : 'Select a host or a conduit on the map to see its traffic.');
    const sub = subjectOf(sel);
    const head = [];
    if (sel.kind === 'host') {
      const hh = hostById.get(sel.id) || {};
      head.push(h('p', null, `${roleName(hh.role)} in ${(hh.zones || [hh.zone]).join(', ')}. ${hh.description || ''}`,
        model.attacker === sel.id ? [' ', badge('bad', 'attacker position', '☠')] : null));
    } else if (sel.kind === 'conduit') {
      const c = conduitById.get(sel.id) || {};
      const st = model.conduits.get(sel.id) || {allowed: 0};
      head.push(h('p', null, `between ${c.zoneA || (c.between || [])[0]} and ${c.zoneB || (c.between || [])[1]}${c.rules ? `, ${c.rules.length} rules` : ''}. `,
        h('strong', {'data-testid': 'details-conduit-counts'}, `✓ ${st.allowed} allowed · ✗ ${deniedAt(sel.id)} denied`), '. ', c.description || ''));
    } else if (sel.kind === 'step') {
      const st = sub.step;
      head.push(h('p', null, st
        ? `${st.technique || ''}: ${st.from || '?'} → ${st.target || '–'}, ${String(st.outcome || '').toLowerCase()}${st.conduit ? ` at ${st.conduit}${st.rule ? ` (rule ${st.rule})` : ' (default deny)'}` : ''} at t=${secs(st.t)}. ${st.detail || ''}`
        : 'This step has not run yet.'));
    } else if (sel.kind === 'alert' && sub.alert) {
      const a = sub.alert;
      head.push(h('p', null, severityBadge(a.severity), ' ', h('code', null, a.technique || '–'), ` t=${secs(a.t)}: ${a.summary || ''} `,
        a.truePositive === true ? badge('good', 'true positive', '✔') : a.truePositive === false ? badge('warn', 'false alarm', '✖') : null));
    }

    const routes = [...model.routes.values()].filter(sub.route)
      .sort((a, b) => (b.allowed + b.denied) - (a.allowed + a.denied)).slice(0, 15);
    const byColumn = truth ? [{label: 'by', cell: (r) => by(r.step)}] : [];
    const traffic = table([
      {label: 'flow', cell: (r) => (sel.kind === 'host'
        ? (r.source === sel.id ? `→ out to ${r.destination}` : `← in from ${r.source}`)
        : `${r.source} → ${r.destination}`)},
      {label: 'protocol', cell: (r) => r.protocol},
      {label: 'conduit', cell: (r) => r.conduit || '–'},
      ...byColumn,
      {label: 'allowed', cell: (r) => String(r.allowed), class: 'num'},
      {label: 'denied', cell: (r) => String(r.denied), class: 'num'},
    ], routes, {'data-testid': 'details-traffic', 'aria-label': 'traffic', empty: 'no traffic seen yet'});

    const denials = [...model.denials.values()].filter((d) => (sel.kind === 'host' ? d.source === sel.id || d.destination === sel.id
      : sel.kind === 'conduit' ? d.conduit === sel.id
        : sel.kind === 'step' ? d.step === sel.id
          : sub.hosts.has(d.source) || sub.hosts.has(d.destination)))
      .sort((a, b) => b.count - a.count).slice(0, 12);
    const decisions = table([
      {label: 'conduit', cell: (d) => d.conduit},
      {label: 'decision', cell: (d) => h('span', null, '✗ denied by ', h('code', null, d.rule ? `rule ${d.rule}` : 'default deny'))},
      {label: 'what', cell: (d) => `${d.source} → ${d.destination} ${[d.protocol, d.subject].filter(Boolean).join(' ')}`},
      ...(truth ? [{label: 'by', cell: (d) => by(d.step)}] : []),
      {label: 'times', cell: (d) => String(d.count), class: 'num'},
    ], denials, {'data-testid': 'details-decisions', 'aria-label': 'conduit decisions', empty: 'no denials'});

    const allowedAt = new Map();
    for (const r of model.routes.values()) if (sub.route(r) && r.allowed) allowedAt.set(r.conduit, (allowedAt.get(r.conduit) || 0) + r.allowed);
    const allowedLine = allowedAt.size
      ? h('p', {class: 'hint'}, 'Allowed: ', [...allowedAt].map(([c, n]) => `✓ ${n} at ${c || 'no conduit'}`).join(' · '))
      : null;

    const alerts = sel.kind === 'alert' ? [] : [...model.alerts.values()].filter((a) => {
      const hs = [].concat(a.hosts || []).map(canon);
      if (sel.kind === 'step' && sub.step && a.technique && a.technique === sub.step.technique) return true;
      return hs.some((x) => sub.hosts.has(x));
    }).slice(-10).reverse();
    const alertList = sel.kind === 'alert' ? null : [h('h4', null, `Alerts (${alerts.length})`),
      alerts.length ? h('ul', {class: 'details-alerts', 'data-testid': 'details-alerts'}, alerts.map((a) =>
        h('li', null, h('span', {class: 'mono'}, `t=${secs(a.t)}`), ' ', severityBadge(a.severity), ' ', h('code', null, a.technique || '–'), ' ', a.summary || '')))
        : h('p', {class: 'hint'}, 'none')];

    return h('div', null, ...head,
      h('h4', null, 'Traffic'), traffic,
      h('h4', null, 'Conduit decisions'), allowedLine, decisions,
      alertList);
  }

  // --- the API ---------------------------------------------------------------------------------
  draw();
  let shown = false;
  if (narrowQuery) {
    const redraw = () => {
      // A map no longer on the page (the view changed) stops listening.
      if (!svg.isConnected) {
        if (shown) narrowQuery.removeEventListener('change', redraw);
        return;
      }
      shown = true;
      draw();
    };
    narrowQuery.addEventListener('change', redraw);
  }
  // The first layout needs the map on the page (text has no size before): wait a few frames.
  if (typeof requestAnimationFrame === 'function') {
    let frames = 0;
    const wait = () => {
      if (svg.isConnected) { shown = true; scheduleLayout(); } else if (++frames < 600) requestAnimationFrame(wait);
    };
    requestAnimationFrame(wait);
  }

  return {
    el: svg,
    totals,
    /** A `flows` event: connections and messages summed since the last one, labelled. */
    flows(list) {
      for (const f of list || []) {
        const allowed = Number(f.allowed || 0);
        const denied = Number(f.denied || 0);
        const source = canon(f.source);
        const destination = canon(f.destination);
        const step = f.attack ? (f.step || 'attack') : null;
        totals.allowed += allowed; totals.denied += denied;
        const st = conduitStats(f.conduit);
        st.allowed += allowed; st.denied += denied;
        const key = [source, destination, f.protocol, f.conduit, step || ''].join('|');
        const r = model.routes.get(key) || {source, destination, protocol: f.protocol, conduit: f.conduit, step, allowed: 0, denied: 0};
        r.allowed += allowed; r.denied += denied;
        model.routes.delete(key);
        model.routes.set(key, r);
        if (model.routes.size > MAX_ROUTES) model.routes.delete(model.routes.keys().next().value);
        paintCount(f.conduit);
        if (denied) paintDenial(f.conduit);
        const c = v.conduitEls.get(f.conduit);
        if (c && allowed) pulse(c.g, 'active', 1500);
        for (const id of [source, destination]) {
          const hh = v.hostEls.get(id);
          if (hh) pulse(hh.g, 'busy', 1200);
        }
        if (step && allowed) {
          const ak = `${source}|${destination}|${step}`;
          const ar = model.attackRoutes.get(ak) || {key: ak, source, destination, step, protocols: new Set(), allowed: 0};
          ar.protocols.add(f.protocol);
          ar.allowed += allowed;
          ar.seq = ++seq;
          model.attackRoutes.set(ak, ar);
          paintAttack(ar);
          if (hostById.has(source) && model.attacker !== source) { model.attacker = source; paintHosts(); }
        } else if (allowed) {
          benignArrow(source, destination);
        }
      }
    },
    /** A `denied` event: an arrow up to the conduit, its mark and callout, the rule in text. */
    denied(ev) {
      deniedAll([ev]);
    },
    deniedAll,
    /** Marks the host the attacker currently acts from. */
    attacker(id) {
      const hid = hostId(id);
      if (!hid) return;
      model.attacker = hid;
      paintHosts();
    },
    /** A `step` event, kept for its details. */
    step(ev) {
      if (ev && ev.step) model.steps.set(ev.step, ev);
    },
    /** An `alert` event, kept for details; returns its key for select({kind: 'alert', id}). */
    alert(ev) {
      const key = ev.id || `a${++seq}`;
      model.alerts.set(key, ev);
      while (model.alerts.size > 300) model.alerts.delete(model.alerts.keys().next().value);
      return key;
    },
    select,
    /** Called with the selection whenever it changes (by a click on the map or select()). */
    onSelect(fn) { listener = fn; },
    details,
    reset() {
      totals.allowed = 0; totals.denied = 0;
      model.routes.clear(); model.denials.clear(); model.conduits.clear(); model.attackRoutes.clear();
      const had = model.selected;
      model.steps.clear(); model.attacker = null; model.flagged = new Set(); model.selected = null;
      draw();
      if (had && listener) listener(null);
    },
  };
}

/**
 * The map plus a text legend, so neither colour nor shape is the only key. `truth: false` is the
 * legend of a trainee's map (purdueMap's option): no attack marks to explain.
 */
export function legend({truth = true} = {}) {
  return h('p', {class: 'legend'},
    h('span', {class: 'lg lg-ok'}, truth ? '→ benign flow (thin, solid, brief)' : '→ flow (thin, solid, brief)'), ' ',
    truth ? [h('span', {class: 'lg lg-att'}, '⇢ ☠ attacker flow (thick, dashed, step named)'), ' '] : null,
    h('span', {class: 'lg lg-deny'}, '✗ n denials, kept on the conduit that refused them (rule named)'), ' ',
    h('span', {class: 'lg'}, '✓n ✗n per conduit'), ' ',
    truth ? [h('span', {class: 'lg lg-att'}, '☠ attacker position'), ' ',
      h('span', {class: 'lg'}, '◉ hosts of the selected alert or step'), ' '] : null,
    h('span', {class: 'lg'}, 'Select a host or conduit (click, or Tab then Enter) for its details.'));
}
