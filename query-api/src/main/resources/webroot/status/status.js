// Likeness status page. Polls the node every 2 s and renders what it finds; any source may be
// missing (a field, /lag altogether, the node itself) and the rest of the page keeps working.
'use strict';
(function () {
  const POLL_MS = 2000;
  const WINDOW_S = 10 * 60;          // the charts show the last 10 minutes
  const RATE_WINDOW_MS = 60 * 1000;  // the throughput card also shows a 1-minute average
  const LAG_RETRY_MS = 30 * 1000;    // how often to look again for a /lag that answered 404
  const DASH = '\u2013';
  // Distinct, colour-blind friendly series colours (Okabe-Ito, darkened for contrast on white).
  const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#000000', '#8b6f00'];

  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat();
  const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

  const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
  const fmtInt = (v) => (isNum(v) ? number.format(Math.round(v)) : DASH);
  const fmtDuration = (s) => {
    if (!isNum(s)) return DASH;
    if (s < 60) return decimal.format(s) + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  };
  const colourOf = (index) => COLOURS[index % COLOURS.length];

  // ---- Fetching ------------------------------------------------------------------------------

  /** GET url as JSON: {ok, status, body}; status 0 when the node could not be reached. */
  async function getJson(url) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), POLL_MS);
    try {
      const resp = await fetch(url, { cache: 'no-store', signal: abort.signal });
      let body = null;
      try { body = await resp.json(); } catch (e) { /* not JSON: leave body null */ }
      return { ok: resp.ok, status: resp.status, body };
    } catch (e) {
      return { ok: false, status: 0, body: null };
    } finally {
      clearTimeout(timer);
    }
  }

  /** /lag, asked again only every LAG_RETRY_MS once it answered 404 (the node has no lag monitor). */
  let lagMissingSince = null;
  let lagMissingAnswer = null;
  async function getLag() {
    if (lagMissingSince !== null && Date.now() - lagMissingSince < LAG_RETRY_MS) return lagMissingAnswer;
    const answer = await getJson('/lag');
    lagMissingSince = answer.status === 404 ? Date.now() : null;
    lagMissingAnswer = answer;
    return answer;
  }

  // ---- State kept between polls -------------------------------------------------------------

  /** Lag samples of the last WINDOW_S seconds: {t (s), parts: {partition: {records, seconds}}}. */
  const lagHistory = [];
  /** Summary readings of the last minute, for throughput: {time (ms), indexed, startedAt}. */
  const readings = [];
  let charts = null; // {key, records, seconds} once lag data has arrived

  function remember(list, item, isOld) {
    list.push(item);
    while (list.length > 0 && isOld(list[0])) list.shift();
  }

  // ---- Rendering ------------------------------------------------------------------------------

  /** The overall verdict from /health and /lag: [UP|DEGRADED|DOWN, reason]. */
  function verdict(health, lag) {
    if (health.status === 0) return ['DOWN', 'node not reachable'];
    const h = health.body || {};
    if (h.status === 'DOWN') return ['DOWN', 'streams ' + (h.streams || 'not running')];
    if (h.status !== 'UP') return ['DEGRADED', h.reason || ('streams ' + (h.streams || 'not ready'))];
    const parts = lag.ok && lag.body && Array.isArray(lag.body.partitions) ? lag.body.partitions : [];
    const unhealthy = parts.filter((p) => p && p.status && p.status !== 'OK');
    if (unhealthy.length === 1) {
      const p = unhealthy[0];
      return ['DEGRADED', 'partition ' + p.partition + ' ' + String(p.status).toLowerCase()];
    }
    if (unhealthy.length > 1) return ['DEGRADED', unhealthy.length + ' partitions behind'];
    return ['UP', parts.length > 0 ? 'all partitions keeping up' : 'streams ' + (h.streams || 'running')];
  }

  function renderBadge(health, lag) {
    const [state, reason] = verdict(health, lag);
    const badge = $('badge');
    badge.textContent = state;
    badge.className = 'badge badge-' + state.toLowerCase();
    $('badge-reason').textContent = reason;
    document.title = state + ' \u00b7 Likeness status';
  }

  function renderIdentity(summary, health) {
    const s = summary.body;
    if (!s) {
      $('identity').textContent = summary.status === 0 ? 'Node not reachable' : 'Summary unavailable';
      return;
    }
    const parts = [];
    if (s.instance) parts.push(s.instance);
    if (s.applicationId) parts.push('application ' + s.applicationId);
    if (s.streams || (health.body && health.body.streams)) parts.push('streams ' + (s.streams || health.body.streams));
    if (isNum(s.uptimeSeconds)) parts.push('up ' + fmtDuration(s.uptimeSeconds));
    if (Array.isArray(s.localPartitions)) {
      parts.push(s.localPartitions.length === 0 ? 'no partitions here' : 'partitions ' + s.localPartitions.join(', '));
    }
    $('identity').textContent = parts.join(' \u00b7 ');
  }

  function renderNumbers(summary, health) {
    const s = summary.body || {};
    const h = health.body || {};
    const local = isNum(s.indexedLocally) ? s.indexedLocally : h.indexedLocally;
    $('indexed').textContent = fmtInt(local);
    $('indexed-note').textContent = isNum(s.imagesIndexed)
      ? 'in this node\u2019s partitions; ' + fmtInt(s.imagesIndexed) + ' indexed since start'
      : 'in this node\u2019s partitions';

    $('rejected').textContent = fmtInt(s.imagesRejected);
    const reasons = s.rejectedByReason && typeof s.rejectedByReason === 'object' ? Object.entries(s.rejectedByReason) : [];
    $('rejected-note').textContent = reasons.length > 0
      ? reasons.map(([r, n]) => r.toLowerCase().replace(/_/g, ' ') + ' ' + fmtInt(n)).join(', ')
      : 'sent to the dead-letter topic since start';

    // Throughput from successive readings of the indexed counter, using the server's clock.
    if (isNum(s.time) && isNum(s.imagesIndexed)) {
      const last = readings[readings.length - 1];
      if (last && last.startedAt !== s.startedAt) readings.length = 0; // the node restarted
      remember(readings, { time: s.time, indexed: s.imagesIndexed, startedAt: s.startedAt },
        (r) => r.time < s.time - RATE_WINDOW_MS);
    }
    const rate = (a, b) => (a && b && b.time > a.time ? (b.indexed - a.indexed) * 1000 / (b.time - a.time) : null);
    const n = readings.length;
    const now = rate(readings[n - 2], readings[n - 1]);
    const avg = rate(readings[0], readings[n - 1]);
    $('rate').textContent = isNum(now) ? decimal.format(now) : DASH;
    const span = (a, b) => fmtDuration((b.time - a.time) / 1000);
    $('rate-note').textContent = isNum(avg) && n > 2
      ? 'last ' + span(readings[n - 2], readings[n - 1]) + '; ' + decimal.format(avg) + '/s over '
        + span(readings[0], readings[n - 1])
      : 'over the last interval';
  }

  function renderLagNumbers(lag) {
    const l = lag.ok && lag.body ? lag.body : {};
    const total = l.total && typeof l.total === 'object' ? l.total : {};
    $('lag-records').textContent = fmtInt(total.lagRecords);
    $('lag-seconds').textContent = fmtDuration(total.maxLagSeconds);
    const worst = l.worst && typeof l.worst === 'object' ? l.worst : null;
    $('lag-seconds-note').textContent = worst && worst.partition !== undefined
      ? 'worst: partition ' + worst.partition + (worst.status ? ' (' + String(worst.status).toLowerCase() + ')' : '')
      : 'oldest unprocessed image';
    // Outline the lag cards when a partition is not keeping up.
    const parts = Array.isArray(l.partitions) ? l.partitions : [];
    const level = parts.some((p) => p && (p.status === 'STALLED' || p.status === 'STOPPED')) ? 'bad'
      : parts.some((p) => p && p.status === 'LAGGING') ? 'warn' : '';
    for (const id of ['lag-records', 'lag-seconds']) {
      $(id).closest('.card').className = 'card' + (level ? ' ' + level : '');
    }
  }

  function lagNotice(lag) {
    const notice = $('lag-notice');
    if (lag.ok && lag.body) {
      notice.hidden = true;
      return;
    }
    notice.hidden = false;
    if (lag.status === 404) {
      notice.className = 'notice';
      notice.textContent = 'Lag monitoring unavailable on this node (GET /lag is not served; checked every 30 s). '
        + 'The other numbers are unaffected.';
    } else {
      notice.className = 'notice warn';
      notice.textContent = 'Lag could not be read just now ('
        + (lag.status === 0 ? 'no answer' : 'HTTP ' + lag.status) + '); retrying every 2 s.';
    }
    // Charts stay visible while they have history to show.
    $('charts').hidden = lagHistory.length === 0;
  }

  function renderTable(lag, summary) {
    const tbody = $('partitions');
    const l = lag.ok && lag.body ? lag.body : null;
    $('topic').textContent = l && l.topic ? l.topic : '';
    const parts = l && Array.isArray(l.partitions) ? l.partitions.slice() : null;
    if (!parts || parts.length === 0) {
      const text = lag.status === 404 ? 'Lag monitoring unavailable: no per-partition data.'
        : parts ? 'No partitions reported.' : 'Waiting for lag data\u2026';
      tbody.replaceChildren(row([cell(text, 'empty', 7)]));
      return;
    }
    parts.sort((a, b) => (a.partition ?? 0) - (b.partition ?? 0));
    const me = summary.body && summary.body.instance;
    const order = partitionsKey(parts).split(',');
    tbody.replaceChildren(...parts.map((p) => {
      const status = p.status ? String(p.status) : null;
      const name = cell('partition ' + (p.partition ?? DASH));
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colourOf(order.indexOf(String(p.partition)));
      name.prepend(swatch);
      const pill = document.createElement('span');
      pill.className = 'pill pill-' + (status ? status.toLowerCase() : 'unknown');
      pill.textContent = status || DASH;
      const statusCell = cell('');
      statusCell.append(pill);
      const owner = cell(p.owner || DASH);
      if (me && p.owner === me) {
        const you = document.createElement('span');
        you.className = 'you';
        you.textContent = 'this node';
        owner.append(you);
      }
      const tr = row([name, statusCell, cell(fmtInt(p.lagRecords), 'num'), cell(fmtDuration(p.lagSeconds), 'num'),
        cell(fmtInt(p.committedOffset), 'num'), cell(fmtInt(p.endOffset), 'num'), owner]);
      if (status && status !== 'OK') tr.className = 'row-' + status.toLowerCase();
      return tr;
    }));
  }

  function cell(text, className, span) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    if (span) td.colSpan = span;
    return td;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    tr.append(...cells);
    return tr;
  }

  // ---- Charts ---------------------------------------------------------------------------------

  const partitionsKey = (parts) => parts.map((p) => String(p.partition)).sort((a, b) => a - b).join(',');

  function recordLag(lag) {
    const t = Date.now() / 1000;
    const parts = {};
    if (lag.ok && lag.body && Array.isArray(lag.body.partitions)) {
      for (const p of lag.body.partitions) {
        if (p && p.partition !== undefined) {
          parts[p.partition] = { records: isNum(p.lagRecords) ? p.lagRecords : null,
            seconds: isNum(p.lagSeconds) ? p.lagSeconds : null };
        }
      }
    } else if (lagHistory.length === 0) {
      return; // nothing to chart yet
    }
    remember(lagHistory, { t, parts }, (s) => s.t < t - WINDOW_S);
  }

  function makeChart(target, partitions, unit, format) {
    const width = Math.max(300, target.clientWidth);
    const opts = {
      width,
      height: 240,
      scales: {
        x: { time: true,
          // At least a minute wide, at most the window, so a few samples don't fill the chart.
          range: (u, min, max) => [Math.min(min, max - 60), max] },
        y: { range: (u, min, max) => [0, Math.max(unit === 's' ? 5 : 10, (max || 0) * 1.15)] },
      },
      axes: [
        { stroke: '#57606a', grid: { stroke: '#eaeef2' }, space: 90, values: (u, ticks) => ticks.map(clock) },
        { stroke: '#57606a', grid: { stroke: '#eaeef2' }, size: 64,
          values: (u, ticks) => ticks.map((v) => (unit === 's' ? decimal.format(v) + ' s' : number.format(v))) },
      ],
      series: [{ label: 'time' }].concat(partitions.map((p, i) => ({
        label: 'partition ' + p,
        stroke: colourOf(i),
        width: 2,
        spanGaps: false,
        value: (u, v) => format(v),
      }))),
      legend: { show: false }, // one legend above both charts, built by renderLegend
      cursor: { drag: { x: false, y: false } },
    };
    target.replaceChildren();
    return new uPlot(opts, chartData(partitions, unit === 's' ? 'seconds' : 'records'), target);
  }

  const clock = (t) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

  function renderLegend(partitions) {
    $('legend').replaceChildren(...partitions.map((p, i) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colourOf(i);
      item.append(swatch, 'partition ' + p);
      return item;
    }));
  }

  function chartData(partitions, field) {
    const data = [lagHistory.map((s) => s.t)];
    for (const p of partitions) {
      data.push(lagHistory.map((s) => (s.parts[p] ? s.parts[p][field] : null)));
    }
    return data;
  }

  function renderCharts(lag) {
    if (typeof uPlot === 'undefined') return; // the library failed to load: numbers and table still work
    const latest = lag.ok && lag.body && Array.isArray(lag.body.partitions) ? lag.body.partitions : null;
    // A new set of partitions means new series: rebuild the charts.
    const key = latest ? partitionsKey(latest) : charts && charts.key;
    $('charts').hidden = lagHistory.length === 0 || !key;
    if ($('charts').hidden) return;
    const partitions = key.split(',');
    if (!charts || charts.key !== key) {
      if (charts) { charts.records.destroy(); charts.seconds.destroy(); }
      renderLegend(partitions);
      charts = {
        key,
        records: makeChart($('chart-records'), partitions, 'records', fmtInt),
        seconds: makeChart($('chart-seconds'), partitions, 's', fmtDuration),
      };
    } else {
      charts.records.setData(chartData(partitions, 'records'));
      charts.seconds.setData(chartData(partitions, 'seconds'));
    }
  }

  // Keep the charts as wide as their boxes.
  new ResizeObserver(() => {
    if (!charts) return;
    for (const [id, chart] of [['chart-records', charts.records], ['chart-seconds', charts.seconds]]) {
      chart.setSize({ width: Math.max(300, $(id).clientWidth), height: 240 });
    }
  }).observe($('charts'));

  // ---- The loop -------------------------------------------------------------------------------

  async function poll() {
    const [health, summary, lag] = await Promise.all(
      [getJson('/health'), getJson('/status/summary.json'), getLag()]);
    try {
      renderBadge(health, lag);
      renderIdentity(summary, health);
      renderNumbers(summary, health);
      renderLagNumbers(lag);
      recordLag(lag);
      lagNotice(lag);
      renderCharts(lag);
      renderTable(lag, summary);
      $('updated').textContent = health.status === 0
        ? 'Node not reachable; retrying every 2 s.'
        : 'Updated ' + clock(Date.now() / 1000) + '; refreshes every 2 s.';
    } catch (e) {
      console.error('status page render failed', e);
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
})();
