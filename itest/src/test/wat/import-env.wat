;; Test guest: imports a function the host does not provide.
(module
  (import "env" "foo" (func (param i32)))
  (func (export "ok") (result i32) i32.const 1)
)
