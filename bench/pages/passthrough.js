// The floor for any blocker that hooks insertion from JavaScript: wrappers
// on the methods and setters the overhead page's loop goes through
// (appendChild and its siblings, an image's and a script's src) that only
// call the native, in the style Consentry's shim calls them (the native
// captured at load time, called through a bound Function.prototype.call).
// The benchmark runs the loop with these alone, to show how much of the
// insertion overhead is the wrapping itself.
(function () {
  const fnCall = Function.prototype.call;
  const call = fnCall.bind(fnCall);
  for (const name of ['appendChild', 'insertBefore', 'replaceChild']) {
    const f = Node.prototype[name];
    Node.prototype[name] = function (n, ref) { return arguments.length < 2 ? call(f, this, n) : call(f, this, n, ref); };
  }
  for (const C of [HTMLImageElement, HTMLScriptElement]) {
    const d = Object.getOwnPropertyDescriptor(C.prototype, 'src');
    Object.defineProperty(C.prototype, 'src', { get: d.get, set: function (v) { call(d.set, this, v); }, configurable: true, enumerable: d.enumerable });
  }
})();
