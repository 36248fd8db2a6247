;; Test guest: a counter that keeps its count across an update of its bundle, through
;; _save_state (the count, 8 bytes at 16) and _restore_state.
(module
  (memory (export "memory") 1)
  (global $count (mut i64) (i64.const 0))
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "inc") (result i64)
    (global.set $count (i64.add (global.get $count) (i64.const 1)))
    (global.get $count))
  (func (export "_save_state") (result i64)
    (i64.store (i32.const 16) (global.get $count))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 8)))
  (func (export "_restore_state") (param $ptr i32) (param $len i32) (result i32)
    (global.set $count (i64.load (local.get $ptr)))
    (i32.const 0))
)
