// The Purdue map: zones as horizontal bands by Purdue level (highest at the top, so the office is
// above the plant floor as in every ISA-95/62443 drawing), hosts as boxes in their zones, conduits
// as links between zones. Live traffic lights it up: allowed flows draw a short-lived solid arrow,
// denials flash the conduit and draw a dashed "✗" arrow with the rule that denied them.
import {s, h} from './dom.js';

const W = 800;
const LEFT = 64; // room for the level labels
const HOST_W = 132;
const HOST_H = 38;
const HOST_GAP = 10;
const ZONE_PAD = 10;
const ZONE_TITLE = 22;
const GAP = 52; // between bands: conduit labels sit here

const ROLE_ICON = {
  plc: '▣', sis: '◈', hmi: '▭', historian: '≣', 'engineering-ws': '⚒', 'jump-host': '⇄',
  workstation: '▭', 'vendor-remote': '⇵', 'iiot-gateway': '⇡', 'mqtt-broker': '✉', cloud: '☁',
};

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

/**
 * Lays out and draws an architecture. Returns {el, flows(list), denied(ev), attacker(host),
 * reset()}; el is an <svg> that scales to its container's width.
 */
export function purdueMap(arch, {live = false} = {}) {
  const zones = [...(arch.zones || [])];
  const hosts = arch.hosts || [];
  const conduits = arch.conduits || [];

  // Group zones into bands by level, highest first; zones sharing a level sit side by side.
  const levels = [...new Set(zones.map((z) => Number(z.level)))].sort((a, b) => b - a);
  const bands = levels.map((lv) => zones.filter((z) => Number(z.level) === lv));
  const usable = W - LEFT - 8;
  const zoneBox = new Map();
  const hostBox = new Map();
  let y = 8;
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i];
    // Zones sharing a level split the width by how many hosts they hold, so a control zone with
    // three PLCs is not squeezed to the size of a safety zone with one SIS.
    const count = (z) => hosts.filter((hh) => hostZone(hh) === z.id).length;
    const weights = band.map((z) => Math.max(1, count(z)));
    const sum = weights.reduce((a, b) => a + b, 0);
    const free = usable - (band.length - 1) * 12;
    const widths = weights.map((w) => (free * w) / sum);
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
    y += bh + GAP;
  }
  const H = Math.max(y - GAP + 8, 60);

  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'purdue', role: 'img', 'aria-labelledby': 'purdue-title', 'data-testid': 'purdue-map'},
    s('title', {id: 'purdue-title'}, `Purdue map of ${arch.id}: ${zones.length} zones, ${hosts.length} hosts, ${conduits.length} conduits`),
    s('defs', null,
      s('marker', {id: 'arrow-ok', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse'},
        s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrow-ok'})),
      s('marker', {id: 'arrow-deny', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse'},
        s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrow-deny'}))));

  // Level labels and zones.
  const gZones = s('g', {class: 'zones'});
  const seenLevel = new Set();
  for (const z of zones) {
    const b = zoneBox.get(z.id);
    if (!seenLevel.has(b.level)) {
      seenLevel.add(b.level);
      gZones.append(s('text', {x: 6, y: b.y + b.h / 2 + 5, class: 'level'}, `L${b.level}`));
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
      // Conduits that skip a band would cross it: keep their label in the first gap.
    }
    const lx = a.band === b.band ? (x1 + x2) / 2 : x1 + (x2 - x1) * 0.1;
    const ly = a.band === b.band ? y1 : y1 + GAP / 2;
    const counter = s('text', {x: lx + 64, y: ly + 4, class: 'conduit-count', 'data-testid': `conduit-count-${c.id}`}, '');
    const g = s('g', {class: 'conduit', 'data-conduit': c.id},
      s('line', {x1, y1, x2, y2, class: 'conduit-line'}),
      s('rect', {x: lx - 60, y: ly - 11, width: 120, height: 22, rx: 11, class: 'conduit-tag'}),
      s('text', {x: lx, y: ly + 4, class: 'conduit-label', 'text-anchor': 'middle'}, c.id),
      counter,
      s('title', null, `conduit ${c.id}: ${(c.rules || []).length} rules. ${c.description || ''}`));
    gConduits.append(g);
    conduitEls.set(c.id, {g, counter, lx, ly, allowed: 0, denied: 0});
  }
  svg.append(gConduits);

  const gHosts = s('g', {class: 'hosts'});
  const hostEls = new Map();
  for (const hh of hosts) {
    const b = hostBox.get(hh.id);
    if (!b) continue;
    const role = roleName(hh.role);
    const mark = s('text', {x: b.x + b.w - 6, y: b.y + 14, class: 'host-mark', 'text-anchor': 'end'}, '');
    const g = s('g', {class: `host role-${role}`, 'data-host': hh.id},
      s('rect', {x: b.x, y: b.y, width: b.w, height: b.h, rx: 4}),
      s('text', {x: b.x + 6, y: b.y + 15, class: 'host-id'}, `${ROLE_ICON[role] || '•'} ${hh.id}`),
      s('text', {x: b.x + 6, y: b.y + 30, class: 'host-role'}, role + (hh.controller && hh.controller !== hh.id ? ` · ${hh.controller}` : '')),
      mark,
      s('title', null, `${hh.id} (${role}) in ${(hh.zones || [hh.zone]).join(', ')}: ${hh.description || ''}`));
    gHosts.append(g);
    hostEls.set(hh.id, {g, mark, b});
  }
  svg.append(gHosts);
  const gFlows = s('g', {class: 'flows', 'aria-hidden': 'true'});
  svg.append(gFlows);
  const callouts = s('g', {class: 'callouts'});
  svg.append(callouts);

  // A host id in events may be a controller id (plc:plc-intake) or a host id.
  const hostFor = (id) => {
    if (!id) return null;
    const bare = String(id).replace(/^(plc|host|role):/, '');
    if (hostEls.has(bare)) return hostEls.get(bare);
    const byCtl = hosts.find((hh) => hh.controller === bare);
    return byCtl ? hostEls.get(byCtl.id) : null;
  };

  function pulse(el, cls, ms) {
    el.classList.remove(cls);
    // Reflow so re-adding the class restarts the CSS animation on repeated events.
    void el.getBoundingClientRect();
    el.classList.add(cls);
    clearTimeout(el[`_t_${cls}`]);
    el[`_t_${cls}`] = setTimeout(() => el.classList.remove(cls), ms);
  }

  function arrow(src, dst, denied, label) {
    const a = hostFor(src);
    const b = hostFor(dst);
    if (!a || !b || a === b) return;
    // Keep a bounded number of arrows: a scan or flood must not grow the DOM without limit.
    while (gFlows.childNodes.length > 40) gFlows.firstChild.remove();
    const x1 = a.b.x + a.b.w / 2; const y1 = a.b.y + a.b.h / 2;
    const x2 = b.b.x + b.b.w / 2; const y2 = b.b.y + b.b.h / 2;
    const mx = (x1 + x2) / 2 + (y2 - y1) * 0.15; const my = (y1 + y2) / 2 - (x2 - x1) * 0.15;
    const path = s('path', {d: `M${x1},${y1} Q${mx},${my} ${x2},${y2}`, class: denied ? 'flow flow-deny' : 'flow flow-ok',
      'marker-end': denied ? 'url(#arrow-deny)' : 'url(#arrow-ok)'});
    gFlows.append(path);
    if (denied) {
      const t = s('text', {x: mx, y: my - 4, class: 'flow-deny-label', 'text-anchor': 'middle'}, `✗ ${label}`);
      gFlows.append(t);
      setTimeout(() => t.remove(), 3500);
    }
    setTimeout(() => path.remove(), denied ? 3500 : 1600);
  }

  const totals = {allowed: 0, denied: 0};

  function count(conduit, allowed, denied) {
    const c = conduitEls.get(conduit);
    if (!c) return;
    c.allowed += allowed; c.denied += denied;
    c.counter.textContent = `✓${c.allowed}${c.denied ? ` ✗${c.denied}` : ''}`;
  }

  return {
    el: svg,
    totals,
    /** A `flows` event: allowed connections and messages summed since the last one. */
    flows(list) {
      for (const f of list || []) {
        const allowed = Number(f.allowed || 0);
        const denied = Number(f.denied || 0);
        totals.allowed += allowed; totals.denied += denied;
        count(f.conduit, allowed, denied);
        const c = conduitEls.get(f.conduit);
        if (c && allowed) pulse(c.g, 'active', 1500);
        for (const id of [f.source, f.destination]) {
          const hh = hostFor(id);
          if (hh) pulse(hh.g, 'busy', 1200);
        }
        if (allowed) arrow(f.source, f.destination, false, f.protocol);
      }
    },
    /** A `denied` event: flash the conduit and name the rule, in text as well as in red. */
    denied(ev) {
      const c = conduitEls.get(ev.conduit);
      const rule = ev.rule ? `rule ${ev.rule}` : 'default deny';
      if (c) {
        pulse(c.g, 'deny', 3000);
        while (callouts.childNodes.length > 6) callouts.firstChild.remove();
        const t = s('text', {x: c.lx, y: c.ly - 16, class: 'deny-callout', 'text-anchor': 'middle'},
          `✗ DENIED ${ev.protocol || ''} ${ev.subject || ''} (${rule})`);
        callouts.append(t);
        setTimeout(() => t.remove(), 3500);
      }
      arrow(ev.source, ev.destination, true, rule);
    },
    /** Marks the host the attacker currently acts from. */
    attacker(hostId) {
      hostEls.forEach((e) => { e.g.classList.remove('attacker'); e.mark.textContent = ''; });
      const hh = hostFor(hostId);
      if (hh) { hh.g.classList.add('attacker'); hh.mark.textContent = '☠ attacker'; }
    },
    reset() {
      totals.allowed = 0; totals.denied = 0;
      conduitEls.forEach((c) => { c.allowed = 0; c.denied = 0; c.counter.textContent = ''; });
      gFlows.replaceChildren();
      callouts.replaceChildren();
    },
  };
}

/** The map plus a text legend, so the colours are never the only key. */
export function legend() {
  return h('p', {class: 'legend'},
    h('span', {class: 'lg lg-ok'}, '→ allowed flow'), ' ',
    h('span', {class: 'lg lg-deny'}, '✗ denied (rule named)'), ' ',
    h('span', {class: 'lg'}, '✓n ✗n per conduit'), ' ',
    h('span', {class: 'lg lg-att'}, '☠ attacker position'));
}
