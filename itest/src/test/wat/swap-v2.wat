;; Test guest for hot swap, version 2: counts the messages it handles, and hands the count to
;; the next version with _save_state/_restore_state.
(module
  (memory (export "memory") 1)
  (global $count (mut i64) (i64.const 0))
  (global $next (mut i32) (i32.const 1024))
  ;; two buffers in turn (the sender id, then the payload): messages are handled one at a time
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (if (i32.gt_u (local.get $len) (i32.const 2048)) (then (return (i32.const 0))))
    (local.set $p (global.get $next))
    (global.set $next (select (i32.const 4096) (i32.const 1024) (i32.eq (local.get $p) (i32.const 1024))))
    (local.get $p))
  (func (export "dealloc") (param i32 i32))
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (global.set $count (i64.add (global.get $count) (i64.const 1)))
    (i32.const 0))
  (func (export "count") (result i64) (global.get $count))
  (func (export "version") (result i32) (i32.const 2))
  ;; the state: the count, 8 bytes at 16
  (func (export "_save_state") (result i64)
    (i64.store (i32.const 16) (global.get $count))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 8)))
  (func (export "_restore_state") (param $ptr i32) (param $len i32) (result i32)
    (if (i32.ne (local.get $len) (i32.const 8)) (then (return (i32.const 2))))
    (if (i32.eq (i32.const 0) (i32.const 0))
      (then (global.set $count (i64.load (local.get $ptr)))))
    (i32.const 0))
)
