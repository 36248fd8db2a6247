// js-echo: a JavaScript component (QuickJS, built with componentize-qjs), world js of
// src/main/wit/js.wit: Wharf runs the JavaScript engine compiled to WebAssembly, unmodified.
export function echo(s) {
  return s;
}

// wraps like a WIT s32
export function add(a, b) {
  return (a + b) | 0;
}
