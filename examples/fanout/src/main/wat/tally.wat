;; tally: counts the messages it receives and the bytes in them.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))
  (global $bytes (mut i64) (i64.const 0))

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

  (func (export "handle-message") (param i32 i32 i32) (param $ml i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.set $bytes (i64.add (global.get $bytes) (i64.extend_i32_u (local.get $ml))))
    (i32.const 0))

  (func (export "count") (result i32) (global.get $count))
  (func (export "bytes") (result i64) (global.get $bytes))
)
