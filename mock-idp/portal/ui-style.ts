/**
 * The portal pages' stylesheet. Both colour schemes meet WCAG 2.2 AA (axe-core, test/e2e/portal-a11y.test.ts): in
 * dark mode the light accent and danger colours carry dark text (white on #7aa7ff was 2.38:1), every control shows
 * the same 3 px focus ring, and nothing is wider than a 360 px screen (the header wraps, long ids break anywhere,
 * tables and dialogs shrink).
 */
export const STYLE = `
:root { color-scheme: light dark; --bg:#f7f7f9; --fg:#1d1d27; --muted:#5c5f73; --card:#fff; --line:#8a8da0; --rule:#dcdde5;
  --accent:#1155cb; --on-accent:#fff; --danger:#b3261e; --on-danger:#fff; --focus:#1155cb; }
@media (prefers-color-scheme: dark) { :root { --bg:#14151b; --fg:#ececf1; --muted:#a2a5b8; --card:#1d1f27; --line:#6e7288;
  --rule:#33364a; --accent:#7aa7ff; --on-accent:#0b1020; --danger:#ff8a80; --on-danger:#1f0503; --focus:#9dbdff; } }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
header { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; padding:.75rem 1.5rem; background:var(--card); border-bottom:1px solid var(--rule); }
header strong { margin-right:auto; }
header nav { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; }
a { color:var(--accent); }
main { max-width:880px; margin:2rem auto; padding:0 1.5rem; }
.card { background:var(--card); border:1px solid var(--rule); border-radius:8px; padding:1.25rem 1.5rem; margin-bottom:1rem; }
h1 { margin-top:0; overflow-wrap:anywhere; }
label { display:block; font-weight:600; margin:.75rem 0 .25rem; }
input, select, textarea { width:100%; padding:.5rem .6rem; border:1px solid var(--line); border-radius:6px; background:var(--bg); color:var(--fg); font:inherit; }
button { font:inherit; padding:.5rem 1rem; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:var(--on-accent); cursor:pointer; }
button.secondary { background:transparent; color:var(--accent); }
button.danger { background:var(--danger); border-color:var(--danger); color:var(--on-danger); }
button:disabled { cursor:progress; opacity:.7; }
:is(a, button, input, select, textarea):focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
.actions { display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; }
table { width:100%; border-collapse:collapse; } td, th { text-align:left; padding:.5rem; border-bottom:1px solid var(--rule); }
td code, p code { overflow-wrap:anywhere; }
code, pre { font:13px/1.4 ui-monospace, monospace; } pre { white-space:pre-wrap; word-break:break-all; background:var(--bg); padding:.75rem; border-radius:6px; }
.error { color:var(--danger); } .muted { color:var(--muted); }
dialog.modal { background:var(--card); color:var(--fg); border:1px solid var(--rule); border-radius:10px; padding:1.5rem; width:min(560px, calc(100vw - 2rem)); max-width:none; }
dialog.modal::backdrop { background:rgb(0 0 0 / .55); }
dialog.modal h2 { margin-top:0; }
.secret-row { display:flex; flex-wrap:wrap; gap:.25rem .5rem; align-items:center; margin:.5rem 0; } .secret-row code { flex:1 1 12rem; min-width:0; overflow-wrap:anywhere; }
@media (max-width: 480px) {
  header { padding:.75rem 1rem; }
  main { margin:1rem auto; padding:0 .75rem; }
  .card { padding:1rem; }
  dialog.modal { padding:1rem; }
}
`;
