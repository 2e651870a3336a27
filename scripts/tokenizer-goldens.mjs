#!/usr/bin/env node
// Writes the SentencePiece-style tokenizer.json fixtures under src/test/resources/fixtures/tokenizer/ and
// their golden token counts (sentencepiece-goldens.json), which SentencePieceTokenizerTest asserts.
//
// The counts come from Hugging Face's own implementation: the `tokenizers` npm package (the Rust crate
// through its Node binding, with the native binary inside the package). Transformers.js's pure-JS
// `@huggingface/tokenizers` is run too and printed beside it for comparison; where the two disagree the
// Rust count is the golden, since the Rust crate is what wrote these files' format.
//
// Not run by CI. To regenerate (no network but the npm registry needed):
//   tmp=$(mktemp -d) && (cd "$tmp" && npm init -y >/dev/null &&
//     npm install tokenizers@0.23.2 @huggingface/tokenizers@0.2.0)
//   NODE_PATH="$tmp/node_modules" node scripts/tokenizer-goldens.mjs
// The vocabularies are trained here, deterministically, on a small corpus, so the files stay small.
import { createRequire } from "node:module";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH ?? process.cwd(), "x.js"));
const rust = require("tokenizers");
const js = await import(path.join(process.env.NODE_PATH ?? "node_modules", "@huggingface/tokenizers/dist/tokenizers.mjs"));

const OUT = "src/test/resources/fixtures/tokenizer";
const SP = "\u2581";
const CORPUS = `The quick brown fox jumps over the lazy dog. The router counts tokens before it routes a request.
Hello world, hello there! Tokenizers split text into pieces; the pieces become tokens.
function count(text) { return text.length; } const value = 42; if (value > 10) { print("big"); }
Café, naïve, résumé, Zürich, São Paulo, façade. Ünïcödé äccents are common in European text.
日本語のテキスト 中文文本 한국어 텍스트 are tokenized too. 你好世界 こんにちは世界.
    indented code with    runs of spaces and\ttabs\nand newlines.`;

// texts the goldens are computed for: ASCII, accents, CJK, emoji, whitespace runs, code, unknowns
export const TEXTS = [
  "Hello world",
  "The quick brown fox jumps over the lazy dog.",
  "hello  world   three    spaces",
  " leading space",
  "trailing space ",
  "Café naïve résumé Zürich",
  "Ünïcödé äccents façade",
  "日本語のテキスト",
  "你好世界 and 中文文本",
  "한국어 텍스트",
  "emoji 😀 and 👍🏽 and 🇯🇵",
  "function count(text) { return text.length; }",
  "if (value > 10) {\n    print(\"big\");\n}",
  "\ttabs\tand\nnewlines\n\n",
  "     ",
  "unknown: ЖЗИЙ ∑∫√ ✓✗",
  "x",
  "The router counts tokens before it routes a request, then the pieces become tokens.",
];

function pairsOf(words) {
  const counts = new Map();
  for (const [w, n] of words) {
    for (let i = 0; i + 1 < w.length; i++) {
      const k = w[i] + "\u0000" + w[i + 1];
      counts.set(k, (counts.get(k) ?? 0) + n);
    }
  }
  return counts;
}

// a tiny BPE trainer over ▁-prefixed words; characters seen fewer than twice are left to byte fallback
function trainBpe(merges) {
  const words = new Map();
  for (const w of CORPUS.replaceAll(/\s+/g, " ").split(" ").filter(Boolean)) {
    const key = [...(SP + w)].join("\u0001");
    words.set(key, (words.get(key) ?? 0) + 1);
  }
  let split = [...words].map(([k, n]) => [k.split("\u0001"), n]);
  const charCounts = new Map();
  for (const [w, n] of split) for (const c of w) charCounts.set(c, (charCounts.get(c) ?? 0) + n);
  const vocab = { "<unk>": 0, "<s>": 1, "</s>": 2 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`] = 3 + b;
  const chars = [...charCounts].filter(([, n]) => n >= 2).map(([c]) => c).sort();
  for (const c of [SP, ...chars]) if (!(c in vocab)) vocab[c] = Object.keys(vocab).length;
  const out = [];
  while (out.length < merges) {
    let best = null;
    let bestN = 1;
    for (const [k, n] of pairsOf(split)) {
      const [a, b] = k.split("\u0000");
      if (!(a in vocab) || !(b in vocab)) continue;
      if (n > bestN || (n === bestN && best !== null && k < best)) { best = k; bestN = n; }
    }
    if (best === null) break;
    const [a, b] = best.split("\u0000");
    out.push([a, b]);
    if (!((a + b) in vocab)) vocab[a + b] = Object.keys(vocab).length;
    split = split.map(([w, n]) => {
      const r = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) { r.push(a + b); i++; } else r.push(w[i]);
      }
      return [r, n];
    });
  }
  // a few whitespace-run pieces, as Llama 2's vocabulary has
  for (const run of [SP + SP, SP + SP + SP + SP]) if (!(run in vocab)) vocab[run] = Object.keys(vocab).length;
  out.push([SP, SP], [SP + SP, SP + SP]);
  return { vocab, merges: out };
}

// a Unigram vocabulary: every substring (up to 6 characters) of the ▁-prefixed words seen at least
// twice, scored by log frequency, plus all single characters seen
function trainUnigram(bytes) {
  const counts = new Map();
  for (const w of CORPUS.replaceAll(/\s+/g, " ").split(" ").filter(Boolean)) {
    const cs = [...(SP + w)];
    for (let i = 0; i < cs.length; i++) {
      for (let j = i + 1; j <= Math.min(cs.length, i + 6); j++) {
        const s = cs.slice(i, j).join("");
        counts.set(s, (counts.get(s) ?? 0) + 1);
      }
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const pieces = [...counts]
    .filter(([s, n]) => n >= 2 || [...s].length === 1)
    .filter(([s]) => !bytes || [...s].length > 1 || counts.get(s) >= 2)
    .map(([s, n]) => [s, Math.log(n / total) - 0.37 * [...s].length + 0.001 * ([...s][0].codePointAt(0) % 7)])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const vocab = [["<unk>", 0], ["<s>", 0], ["</s>", 0]];
  if (bytes) for (let b = 0; b < 256; b++) vocab.push([`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, 0]);
  return vocab.concat(pieces.slice(0, 400));
}

const metaspace = (prepend_scheme, split) =>
  ({ type: "Metaspace", replacement: SP, prepend_scheme, split });
const file = (normalizer, pre_tokenizer, model) => ({
  version: "1.0", truncation: null, padding: null, added_tokens: [],
  normalizer, pre_tokenizer, post_processor: null, decoder: null, model,
});
const bpeModel = ({ vocab, merges }, byte_fallback) => ({
  type: "BPE", dropout: null, unk_token: "<unk>", continuing_subword_prefix: null,
  end_of_word_suffix: null, fuse_unk: true, byte_fallback, ignore_merges: false, vocab, merges,
});

const bpe = trainBpe(300);
const unigram = trainUnigram(false);
const unigramBytes = trainUnigram(true);
const FIXTURES = {
  // Llama 2 / Mistral: no pre-tokenizer, the normalizer prepends ▁ and turns spaces into ▁
  "llama2-bpe": file(
      { type: "Sequence", normalizers: [
          { type: "Prepend", prepend: SP }, { type: "Replace", pattern: { String: " " }, content: SP }] },
      null, bpeModel(bpe, true)),
  // newer Llama 2 / Mistral conversions and Yi: a Metaspace pre-tokenizer
  "metaspace-first-bpe": file(null, metaspace("first", false), bpeModel(bpe, true)),
  "metaspace-always-split-bpe": file(null, metaspace("always", true), bpeModel(bpe, true)),
  // Gemma: spaces become ▁ with nothing prepended
  "gemma-bpe": file({ type: "Replace", pattern: { String: " " }, content: SP }, null, bpeModel(bpe, true)),
  // without byte fallback unknown characters become <unk>, consecutive ones fused
  "unk-bpe": file(null, metaspace("always", false), bpeModel(bpe, false)),
  // T5 / ALBERT / XLNet style (minus their Precompiled normalizer)
  "unigram": file(null, metaspace("always", true), { type: "Unigram", unk_id: 0, vocab: unigram, byte_fallback: false }),
  "unigram-bytes": file(null, metaspace("always", true), { type: "Unigram", unk_id: 0, vocab: unigramBytes, byte_fallback: true }),
  // hand-made ties: equal ranks at two positions (leftmost merges first, so "aaab" is aa|a|b, not a|aab) and
  // equal path scores (the earliest start wins, so "ab" is one piece, not ▁|a|b)
  "ties-bpe": file(null, metaspace("always", false), bpeModel({
      vocab: { "<unk>": 0, [SP]: 1, a: 2, b: 3, aa: 4, aab: 5, [SP + "a"]: 6 },
      merges: [["a", "a"], ["aa", "b"], [SP, "a"]] }, false)),
  "ties-unigram": file(null, metaspace("always", true), { type: "Unigram", unk_id: 0, byte_fallback: false,
      vocab: [["<unk>", 0], [SP, -1], ["a", -1], ["b", -1], [SP + "ab", -3], ["ab", -2.5], ["c", -1], ["cc", -2]] }),
};
const TIE_TEXTS = ["aaab", "aaaab", "aaaaab", "x aaab", "ab", "ab ab cab", "ccc", "abab"];

mkdirSync(OUT, { recursive: true });
const goldens = { generator: "scripts/tokenizer-goldens.mjs", reference: "tokenizers (npm, Rust) 0.23.2", tokenizers: {} };
for (const [name, json] of Object.entries(FIXTURES)) {
  const target = path.join(OUT, `${name}.tokenizer.json`);
  writeFileSync(target, JSON.stringify(json, null, 1) + "\n");
  const reference = rust.Tokenizer.fromFile(target);
  const pure = new js.Tokenizer(json, {});
  const cases = [];
  for (const text of name.startsWith("ties") ? TIE_TEXTS : TEXTS) {
    const enc = await reference.encode(text, null, { addSpecialTokens: false });
    const ids = enc.getIds();
    const jsIds = pure.encode(text, { add_special_tokens: false }).ids;
    const same = JSON.stringify(jsIds) === JSON.stringify(ids);
    if (!same) console.log(`${name} ${JSON.stringify(text)}: rust ${ids.length} ${enc.getTokens().join("|")}; js ${jsIds.length}`);
    cases.push({ text, count: ids.length, jsAgrees: same });
  }
  goldens.tokenizers[name] = cases;
}
writeFileSync(path.join(OUT, "sentencepiece-goldens.json"), JSON.stringify(goldens, null, 1) + "\n");
console.log("wrote", Object.keys(FIXTURES).length, "fixtures and goldens");
