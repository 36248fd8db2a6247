;; Test guest of instance pools (InstancesIT): a worker whose messages take a while. The payload
;; is Borsh-prefixed; its body starts with an op byte:
;;   "w" iters:i32 rest...: computes for iters rounds, then sends to 'pool.collector' the
;;       sender's id, "/" and rest (the sequence number and tag of the sender), same prefix;
;;       a refused send is returned as its error code
;;   "r" iters:i32 rest...: computes for iters rounds, then replies the version byte followed
;;       by the body after the op (iters and rest, echoed)
;;   "x": traps
;; The version byte is the last byte of "pool-version:1": the tests patch it to make the next
;; version of the same module. Each instance has its own memory of 32 pages (2 MiB).
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (memory (export "memory") 32)
  ;; 0..31: the collector's id; 32..47: the version marker; 256..2047: the message out; 4096..: heap
  (data (i32.const 0) "pool.collector")
  (data (i32.const 32) "pool-version:1")
  (global $heap (mut i32) (i32.const 4096))
  (global $live (mut i32) (i32.const 0))
  (global $acc (mut i32) (i32.const 0))

  ;; a bump allocator that starts over when every buffer has been given back
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (if (i32.gt_u (i32.add (local.get $p) (local.get $len)) (i32.const 2097152))
      (then (return (i32.const 0))))
    (global.set $heap (i32.add (local.get $p) (local.get $len)))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 4096)))))

  ;; computes for n rounds (a dependent chain the compiler cannot fold); also an export, to calibrate
  (func $spin (export "spin") (param $n i32) (result i32)
    (local $acc i32)
    (local.set $acc (global.get $acc))
    (block $done
      (loop $round
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $round)))
    (global.set $acc (local.get $acc))
    (local.get $acc))

  (func (export "version") (result i32) (i32.load8_u (i32.const 45)))

  (func (export "handle-message") (param $sp i32) (param $sl i32) (param $mp i32) (param $ml i32) (result i32)
    (local $op i32) (local $rest i32)
    (if (i32.lt_u (local.get $ml) (i32.const 3)) (then (return (i32.const 1))))
    (local.set $op (i32.load8_u offset=2 (local.get $mp)))
    (if (i32.eq (local.get $op) (i32.const 0x78)) (then unreachable))
    (if (i32.lt_u (local.get $ml) (i32.const 7)) (then (return (i32.const 1))))
    (drop (call $spin (i32.load offset=3 (local.get $mp))))
    ;; the message out starts with the payload's prefix
    (i32.store16 (i32.const 256) (i32.load16_u (local.get $mp)))
    (if (i32.eq (local.get $op) (i32.const 0x77)) ;; w: forward to the collector
      (then
        (if (i32.gt_u (local.get $sl) (i32.const 128)) (then (return (i32.const 3))))
        (local.set $rest (i32.sub (local.get $ml) (i32.const 7)))
        (if (i32.gt_u (local.get $rest) (i32.const 1024)) (then (return (i32.const 3))))
        (memory.copy (i32.const 258) (local.get $sp) (local.get $sl))
        (i32.store8 (i32.add (i32.const 258) (local.get $sl)) (i32.const 0x2f))
        (memory.copy (i32.add (i32.const 259) (local.get $sl)) (i32.add (local.get $mp) (i32.const 7)) (local.get $rest))
        (return (call $send (i32.const 0) (i32.const 14) (i32.const 256)
          (i32.add (i32.add (i32.const 3) (local.get $sl)) (local.get $rest))))))
    (if (i32.eq (local.get $op) (i32.const 0x72)) ;; r: reply the version and the body after the op
      (then
        (local.set $rest (i32.sub (local.get $ml) (i32.const 3)))
        (if (i32.gt_u (local.get $rest) (i32.const 1024)) (then (return (i32.const 3))))
        (i32.store8 (i32.const 258) (i32.load8_u (i32.const 45)))
        (memory.copy (i32.const 259) (i32.add (local.get $mp) (i32.const 3)) (local.get $rest))
        (drop (call $reply (i32.const 256) (i32.add (local.get $rest) (i32.const 3))))
        (return (i32.const 0))))
    (i32.const 2))
)
