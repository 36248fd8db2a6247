;; Benchmark guest for messages. As "sink": handle-message counts (and replies to requests).
;; As "producer": burst(n) sends n messages to "sink", retrying while sink's mailbox is full.
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "sink")
  (data (i32.const 8) "\80\04\"hi\"")
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))

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

  (func (export "handle-message") (param i32 i32) (param $mp i32) (param $ml i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (drop (call $reply (local.get $mp) (local.get $ml)))
    (i32.const 0))

  (func (export "count") (result i32) (global.get $count))

  (func (export "burst") (param $n i32) (result i32)
    (local $i i32) (local $rc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $rc (call $send (i32.const 0) (i32.const 4) (i32.const 8) (i32.const 6)))
        (if (i32.eqz (local.get $rc))
          (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else (br_if $done (i32.ne (local.get $rc) (i32.const -5)))))
        (br $next)))
    (local.get $i))
)
