// ccr's custom router: (req, config) => "provider,model" or null for the built-in rules
module.exports = async function router(req, config) {
  const last = req.body.messages[req.body.messages.length - 1];
  const text = typeof last.content === 'string'
    ? last.content
    : last.content.filter((b) => b.type === 'text').map((b) => b.text).join(' ');
  if (text.includes('review this')) {
    return 'anthropic,claude-sonnet-4-5-20250929';
  }
  if (text.includes('internal')) {
    return 'tagged,qwen3-coder';
  }
  return null;
};
