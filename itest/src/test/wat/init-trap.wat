;; Test guest: _initialize traps, so the component must not start.
(module
  (func (export "_initialize") unreachable)
  (func (export "ok") (result i32) i32.const 1)
)
