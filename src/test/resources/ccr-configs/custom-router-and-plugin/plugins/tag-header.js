// a transformer in @musistudio/llms' format: adds a header from its options
class TagHeader {
  name = 'tag-header';

  constructor(options) {
    this.options = options;
  }

  async transformRequestIn(request, provider) {
    return {
      body: request,
      config: { headers: { [this.options.header]: this.options.value } },
    };
  }
}

module.exports = TagHeader;
