// SPDX-License-Identifier: Apache-2.0
// The edge-gateway web console. Builds every element with textContent (never innerHTML), so no value from the
// gateway can become markup. Live values come from /api/stream (Server-Sent Events); actions need a session.
'use strict';
(function () {
  const state = { session: null, status: null, plots: {}, lastEvent: 0, acks: {} };
  window.consolePlots = state.plots; // for the browser tests

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }
  const $ = (id) => document.getElementById(id);
  const num = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v)) ? '--' : Number(v).toFixed(d);
  const dur = (s) => s === null || s === undefined ? '--' : s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min'
    : (s / 3600).toFixed(1) + ' h';
  const UNITS = { '/': 'm³/m³', 'Cel': '°C', '%RH': '% RH' };
  const unit = (u) => UNITS[u] || u;
  const hhmm = (sec) => new Date(sec * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const time = (ms) => ms ? new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '--';

  async function api(path, body) {
    const opts = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) };
    if (body !== undefined && state.session && state.session.csrf) opts.headers['X-CSRF-Token'] = state.session.csrf;
    const r = await fetch(path, Object.assign({ credentials: 'same-origin', cache: 'no-store' }, opts));
    let data = {};
    try { data = await r.json(); } catch (e) { data = { result: 'rejected', reason: 'HTTP ' + r.status }; }
    return { status: r.status, data };
  }

  function showAck(node, ack) {
    node.className = 'ack ' + (ack.result || 'rejected');
    let text = (ack.result || 'rejected');
    if (ack.seconds !== undefined) text += ': ' + ack.seconds + ' s';
    if (ack.reason) text += ' — ' + ack.reason;
    node.textContent = text;
  }

  // ---- live values ----
  function render(s) {
    state.status = s;
    $('gw-id').textContent = s.id;
    $('gw-site').textContent = s.site + ' · ' + s.version;
    const up = s.uplink || {};
    const chip = $('uplink-chip');
    chip.textContent = 'mqtt ' + (up.phase || 'none') + (s.coap ? ' · ' + s.coap : '');
    chip.className = 'chip ' + (up.phase === 'online' ? 'ok' : up.phase === 'none' ? '' : 'warn');
    const clock = $('clock-chip');
    clock.textContent = s.clock.plausible ? 'clock ok ' + time(s.clock.nowMillis) : 'clock not set';
    clock.className = 'chip ' + (s.clock.plausible ? 'ok' : 'bad');
    renderAlerts(s.alerts || []);
    renderZones(s.zones || []);
    renderSensors(s.sensors || []);
    renderSystem(s);
  }

  function renderAlerts(alerts) {
    const box = $('alerts');
    box.hidden = alerts.length === 0;
    box.replaceChildren(el('h2', { text: 'Alerts' }), ...alerts.map((a) => el('div',
      { class: 'card alert ' + a.severity, 'data-alert': a.id }, el('strong', { text: a.severity + ' ' }), a.message)));
  }

  function renderZones(zones) {
    const box = $('zones');
    for (const z of zones) {
      let card = box.querySelector('[data-zone="' + CSS.escape(z.id) + '"]');
      if (!card) { card = zoneCard(z); box.append(card); }
      fillZone(card, z);
    }
  }

  function zoneCard(z) {
    const card = el('div', { class: 'card zone', 'data-zone': z.id },
      el('div', { class: 'zone-head' }, el('h3', { text: z.id }), el('span', { class: 'valve', 'data-field': 'valve' })),
      el('div', {}, el('span', { class: 'big', 'data-field': 'moisture' }), ' ',
        el('span', { class: 'muted', 'data-field': 'thresholds' })),
      el('div', { class: 'gauge' }, el('div', { class: 'fill' }), el('div', { class: 'mark start' }),
        el('div', { class: 'mark stop' })),
      el('dl', {}, el('dt', { text: 'phase' }), el('dd', { 'data-field': 'phase' }),
        el('dt', { text: 'last run' }), el('dd', { 'data-field': 'last' }),
        el('dt', { text: 'next run' }), el('dd', { 'data-field': 'next' }),
        el('dt', { text: 'today' }), el('dd', { 'data-field': 'today' }),
        el('dt', { text: 'water' }), el('dd', { 'data-field': 'water' })),
      el('div', { class: 'actions', 'data-field': 'actions' }),
      el('p', { class: 'ack', 'data-field': 'ack', role: 'status' }));
    return card;
  }

  function fillZone(card, z) {
    const f = (n) => card.querySelector('[data-field="' + n + '"]');
    const open = z.valve === 'open';
    f('valve').textContent = open ? 'OPEN' : 'closed';
    f('valve').className = 'valve' + (open ? ' open' : '');
    f('moisture').textContent = num(z.moisture) + ' ' + z.unit;
    f('thresholds').textContent = (z.tension ? 'water above ' : 'water below ') + z.startBelow + ', stop at '
      + z.stopAbove + ' ' + z.unit;
    const scale = Math.max(50, z.stopAbove * 1.5);
    card.querySelector('.gauge .fill').style.width = Math.min(100, (z.moisture || 0) / scale * 100) + '%';
    card.querySelector('.gauge .start').style.left = (z.startBelow / scale * 100) + '%';
    card.querySelector('.gauge .stop').style.left = (z.stopAbove / scale * 100) + '%';
    f('phase').textContent = z.phase + ' — ' + z.reason;
    f('last').textContent = z.runningSinceMillis ? 'running since ' + time(z.runningSinceMillis)
      : z.lastRun ? time(z.lastRun.startMillis) + ', ' + dur(z.lastRun.seconds) : 'none since start';
    f('next').textContent = z.next;
    f('today').textContent = dur(z.todayOpenSeconds) + (z.dailyMaxRunSeconds ? ' of ' + dur(z.dailyMaxRunSeconds)
      + ' cap' : ', no daily cap');
    f('water').textContent = z.todayLitres === null || z.todayLitres === undefined ? 'no flow meter'
      : num(z.todayLitres) + ' l' + (z.dailyMaxLitres ? ' of ' + z.dailyMaxLitres + ' l cap' : '');
    const actions = f('actions');
    const want = state.session && state.session.technician ? 'yes' : 'no';
    if (actions.dataset.logged !== want) {
      actions.dataset.logged = want;
      actions.replaceChildren();
      if (want === 'yes') {
        const max = state.session.maxTestSeconds;
        const input = el('input', { class: 'seconds', type: 'number', min: 1, max: Math.min(max, z.maxRunSeconds),
          value: Math.min(30, z.maxRunSeconds), 'aria-label': 'seconds', 'data-field': 'seconds' });
        const button = el('button', { type: 'button', class: 'test', text: 'Test zone' });
        button.addEventListener('click', () => testZone(z.id, input, button, f('ack')));
        actions.append(input, el('span', { class: 'muted', text: 's' }), button);
      }
    }
  }

  async function testZone(zone, input, button, ackNode) {
    button.disabled = true;
    try {
      const r = await api('/api/zones/' + encodeURIComponent(zone) + '/test', { seconds: Number(input.value) });
      showAck(ackNode, r.data);
    } finally { button.disabled = false; }
  }

  function renderSensors(sensors) {
    const box = $('sensors');
    for (const s of sensors) {
      let card = box.querySelector('[data-sensor="' + CSS.escape(s.id) + '"]');
      if (!card) {
        card = el('div', { class: 'card', 'data-sensor': s.id },
          el('div', { class: 'zone-head' }, el('h3', { text: s.id }), el('span', { class: 'muted', text: s.type })),
          el('table', {}, el('tbody')), el('div', { class: 'actions' }), el('p', { class: 'ack', role: 'status' }));
        box.append(card);
      }
      card.querySelector('tbody').replaceChildren(...s.channels.map((c) => el('tr', { 'data-channel': c.id },
        el('td', { text: c.id.slice(s.id.length + 1) }),
        el('td', { text: num(c.value, 2) + ' ' + unit(c.unit) }),
        el('td', { class: c.quality === 'ok' ? 'q-ok' : 'q-bad', text: c.quality }),
        el('td', { class: 'muted', text: c.ageSeconds === null ? '' : num(c.ageSeconds, 1) + ' s ago' }),
        el('td', { class: c.errors ? 'q-bad' : 'muted', text: c.errors + ' err' }))));
      const actions = card.querySelector('.actions');
      const want = state.session && state.session.technician ? 'yes' : 'no';
      if (actions.dataset.logged !== want) {
        actions.dataset.logged = want;
        actions.replaceChildren();
        if (want === 'yes') {
          const ack = card.querySelector('.ack');
          const b = el('button', { type: 'button', class: 'secondary read', text: 'Read now' });
          b.addEventListener('click', async () => {
            b.disabled = true;
            try {
              const r = await api('/api/sensors/' + encodeURIComponent(s.id) + '/read', {});
              showAck(ack, r.data);
              if (r.data.readings) ack.textContent += ': ' + r.data.readings.map((x) => x.channel + ' '
                + num(x.value, 2) + ' ' + unit(x.unit) + ' (' + x.quality + ')').join(', ');
            } finally { b.disabled = false; }
          });
          actions.append(b);
        }
      }
    }
  }

  function renderSystem(s) {
    const b = s.buffer || {}; const l = s.loop || {}; const up = s.uplink || {};
    const rows = [
      ['buffer', b.events + ' events, ' + b.telemetry + ' readings, ' + Math.round((b.bytes || 0) / 1024) + ' KiB'],
      ['dropped', b.dropped + (b.writeErrors ? ', ' + b.writeErrors + ' write errors' : '')],
      ['oldest', b.oldestMillis ? new Date(b.oldestMillis).toLocaleString() : 'empty'],
      ['uplink', (up.phase || 'none') + (up.broker ? ' ' + up.broker : '') + (up.lastError ? ' (' + up.lastError + ')'
        : '') + (up.acked !== undefined ? ', ' + up.acked + ' acked' : '')],
      ['loop', 'every ' + s.loopPeriodMillis + ' ms, lateness p99 ' + num(l.latenessP99Micros / 1000, 2) + ' ms, max '
        + num(l.latenessMaxMicros / 1000, 2) + ' ms, ' + l.overruns + ' overruns, ' + l.ticks + ' ticks'],
      ['clock', (s.clock.plausible ? 'plausible' : 'NOT plausible (no time sync yet)') + ', '
        + new Date(s.clock.nowMillis).toISOString() + ', site ' + s.clock.timeZone],
      ['commands', Object.entries(s.commands || {}).map(([k, v]) => k + ' ' + v).join(', ') || 'none'],
    ];
    $('system').replaceChildren(el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', { text: k }),
      el('dd', { 'data-system': k, text: v })])));
  }

  function connect() {
    const live = $('live');
    const es = new EventSource('/api/stream');
    es.onmessage = (m) => {
      state.lastEvent = Date.now();
      live.textContent = 'live'; live.className = 'chip ok';
      render(JSON.parse(m.data));
    };
    es.onerror = () => { live.textContent = 'reconnecting'; live.className = 'chip warn'; };
    setInterval(() => {
      if (state.lastEvent && Date.now() - state.lastEvent > 5000) { live.textContent = 'stale'; live.className = 'chip bad'; }
    }, 1000);
  }

  // ---- history ----
  async function loadHistory() {
    const r = await api('/api/history');
    if (r.status !== 200) return;
    const h = r.data;
    const zones = (state.status && state.status.zones) || [];
    for (const z of zones) drawPlot(z, h);
    $('footer').textContent = h.t.length + ' history points, one every ' + h.everySeconds + ' s';
  }

  function drawPlot(z, h) {
    const s = h.series;
    const moisture = s[z.id + '.moisture'] || [];
    const valve = s[z.id + '.valve'] || [];
    const flow = s[z.id + '.flow'];
    const data = [h.t, moisture, h.t.map(() => z.startBelow), h.t.map(() => z.stopAbove)];
    if (flow) data.push(flow);
    let box = document.querySelector('[data-plot="' + CSS.escape(z.id) + '"]');
    if (!box) {
      box = el('div', { class: 'card', 'data-plot': z.id }, el('h3', { text: z.id }), el('div', { class: 'plot' }),
        el('p', { class: 'legend small muted' }, el('span', { class: 'key moisture', text: '— moisture' }), ' ',
          el('span', { class: 'key threshold', text: '- - start / stop' }), ' ',
          el('span', { class: 'key run', text: '▮ valve open' }),
          flow ? el('span', { class: 'key flow', text: ' — flow l/min' }) : null));
      $('plots').append(box);
    }
    box.dataset.points = String(h.t.length);
    const width = Math.max(260, box.clientWidth - 26);
    const shade = (u) => {
      const ctx = u.ctx; ctx.save(); ctx.fillStyle = 'rgba(31,111,178,0.18)';
      let start = null;
      for (let i = 0; i <= valve.length; i++) {
        const on = i < valve.length && valve[i] > 0;
        if (on && start === null) start = i;
        if (!on && start !== null) {
          const x0 = u.valToPos(h.t[start], 'x', true);
          const x1 = u.valToPos(h.t[Math.min(i, h.t.length - 1)], 'x', true);
          ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height); start = null;
        }
      }
      ctx.restore();
    };
    const series = [{}, { label: 'moisture ' + z.unit, stroke: '#2f7d46', width: 2 },
      { label: 'start', stroke: '#b36b00', dash: [4, 4], width: 1, points: { show: false } },
      { label: 'stop', stroke: '#7a8a80', dash: [4, 4], width: 1, points: { show: false } }];
    const axes = [{ values: (u, splits) => splits.map(hhmm) }, { label: z.unit, size: 44 }];
    const scales = { x: { time: true } };
    if (flow) {
      series.push({ label: 'flow l/min', stroke: '#1f6fb2', width: 1, scale: 'flow', points: { show: false } });
      axes.push({ side: 1, scale: 'flow', label: 'l/min', grid: { show: false }, size: 44 });
      scales.flow = { range: (u, min, max) => [0, Math.max(1, max || 0) * 1.2] };
    }
    const old = state.plots[z.id];
    if (old && old.series.length === series.length) {
      old.setData(data);
      return;
    }
    if (old) old.destroy();
    const plot = new uPlot({ width, height: 200, series, axes, scales, legend: { show: false },
      hooks: { drawClear: [shade] } }, data, box.querySelector('.plot'));
    state.plots[z.id] = plot;
  }

  // ---- login and actions ----
  async function loadSession() {
    const r = await api('/api/session');
    state.session = r.data;
    const logged = !!r.data.technician;
    $('login').hidden = logged || !r.data.loginEnabled;
    $('login-off').hidden = r.data.loginEnabled;
    $('session').hidden = !logged;
    $('session-name').textContent = r.data.technician || '';
    if (state.status) render(state.status);
  }

  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const pw = $('login-password');
    const r = await api('/api/login', { technician: $('login-name').value, password: pw.value });
    pw.value = '';
    showAck($('login-result'), r.status === 200 ? { result: 'accepted', reason: 'logged in' } : r.data);
    if (r.status === 200) await loadSession();
  });

  $('logout-button').addEventListener('click', async () => {
    await api('/api/logout', {});
    await loadSession();
  });

  $('check-button').addEventListener('click', async () => {
    const out = $('check-result');
    const b = $('check-button');
    b.disabled = true;
    out.replaceChildren(el('p', { class: 'muted', text: 'running the check…' }));
    try {
      const r = await api('/api/check', {});
      if (!r.data.items) { const p = el('p'); showAck(p, r.data); out.replaceChildren(p); return; }
      out.replaceChildren(el('p', { class: 'ack ' + (r.data.failed ? 'rejected' : 'accepted'),
        text: r.data.failed ? r.data.failed + ' failed' : 'all required checks passed' }),
      el('table', { id: 'check-table' }, el('tbody', {}, ...r.data.items.map((i) => el('tr', {},
        el('td', { text: i.section }), el('td', { text: i.item }),
        el('td', { class: 'verdict-' + i.verdict, text: i.verdict }),
        el('td', { text: i.detail + (i.hint ? ' → ' + i.hint : '') }))))));
    } finally { b.disabled = false; }
  });

  (async function start() {
    const r = await api('/api/status');
    render(r.data);
    await loadSession();
    connect();
    await loadHistory();
    setInterval(loadHistory, 30000);
  })();
})();
