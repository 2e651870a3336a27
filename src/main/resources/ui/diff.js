// A line diff (longest common subsequence) of two short texts, for "review before saving".

/** [{op: ' ' | '-' | '+', line}] turning `a` into `b`. */
export function lineDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  if (n * m > 4_000_000) return [...x.map(line => ({ op: '-', line })), ...y.map(line => ({ op: '+', line }))];
  const len = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i][j] = x[i] === y[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push({ op: ' ', line: x[i] }); i++; j++; }
    else if (i < n && (j === m || len[i + 1][j] >= len[i][j + 1])) { out.push({ op: '-', line: x[i] }); i++; }
    else { out.push({ op: '+', line: y[j] }); j++; }
  }
  return out;
}
