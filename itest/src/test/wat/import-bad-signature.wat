;; Test guest: imports wharf.send with the wrong signature.
(module
  (import "wharf" "send" (func (param i32) (result i32)))
  (func (export "ok") (result i32) i32.const 1)
)
