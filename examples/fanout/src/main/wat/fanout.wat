;; fanout: every message it receives is sent on to tally.a, tally.b and tally.c.
;;   g! wasm:send fanout '{"event":1}'
;;   g! wasm:invoke tally.b count   ->  1
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "tally.a")
  (data (i32.const 8) "tally.b")
  (data (i32.const 16) "tally.c")
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))
  (global $refused (mut i32) (i32.const 0))

  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (if (i32.gt_u (i32.add (local.get $p) (local.get $len)) (i32.shl (memory.size) (i32.const 16)))
      (then (return (i32.const 0))))
    (global.set $heap (i32.add (local.get $p) (local.get $len)))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 1024)))))

  (func $forward (param $to i32) (param $mp i32) (param $ml i32)
    (if (call $send (local.get $to) (i32.const 7) (local.get $mp) (local.get $ml))
      (then (global.set $refused (i32.add (global.get $refused) (i32.const 1))))))

  (func (export "handle-message") (param i32 i32) (param $mp i32) (param $ml i32) (result i32)
    (call $forward (i32.const 0) (local.get $mp) (local.get $ml))
    (call $forward (i32.const 8) (local.get $mp) (local.get $ml))
    (call $forward (i32.const 16) (local.get $mp) (local.get $ml))
    (i32.const 0))

  ;; how many forwards were refused (mailbox full, denied, ...)
  (func (export "refused") (result i32) (global.get $refused))
)
