;; Test guest: a call that never returns, for timeouts, and one that does.
(module
  (func (export "spin")
    (loop $forever br $forever))
  (func (export "ok") (result i32)
    i32.const 1)
)
