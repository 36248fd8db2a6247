;; Test guest of instance pools (InstancesIT): a sender component. Asked by the host with a
;; Borsh body from:i32 count:i32 iters:i32, it sends 'pool.order' count messages at once, the
;; worker's "w" iters seq with seq = from, from+1, ...; it stops at the first refusal and
;; replies how many were accepted (i32).
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0..31: the target's id; 256..: the message out; 512..: the reply; 4096..: heap
  (data (i32.const 0) "pool.order")
  (global $heap (mut i32) (i32.const 4096))
  (global $live (mut i32) (i32.const 0))

  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (if (i32.gt_u (i32.add (local.get $p) (local.get $len)) (i32.const 65536))
      (then (return (i32.const 0))))
    (global.set $heap (i32.add (local.get $p) (local.get $len)))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 4096)))))

  (func (export "handle-message") (param $sp i32) (param $sl i32) (param $mp i32) (param $ml i32) (result i32)
    (local $from i32) (local $count i32) (local $k i32)
    (if (i32.ne (local.get $ml) (i32.const 14)) (then (return (i32.const 1))))
    (local.set $from (i32.load offset=2 (local.get $mp)))
    (local.set $count (i32.load offset=6 (local.get $mp)))
    ;; the message: prefix, "w", iters, seq
    (i32.store16 (i32.const 256) (i32.load16_u (local.get $mp)))
    (i32.store8 (i32.const 258) (i32.const 0x77))
    (i32.store (i32.const 259) (i32.load offset=10 (local.get $mp)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $k) (local.get $count)))
        (i32.store (i32.const 263) (i32.add (local.get $from) (local.get $k)))
        (br_if $done (i32.ne (call $send (i32.const 0) (i32.const 10) (i32.const 256) (i32.const 11)) (i32.const 0)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (i32.store16 (i32.const 512) (i32.load16_u (local.get $mp)))
    (i32.store (i32.const 514) (local.get $k))
    (drop (call $reply (i32.const 512) (i32.const 6)))
    (i32.const 0))
)
