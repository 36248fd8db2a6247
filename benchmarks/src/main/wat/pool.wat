;; Benchmark guest for instance pools (PoolBenchmark): a compute-bound handler.
;; The request is Borsh (prefix 81 0E), then u32 n (little-endian) and u64 seed: 14 bytes.
;; handle-message runs n rounds of xorshift64 on the seed, folding each state into an
;; accumulator with a multiply-add, and replies with the accumulator (81 0E, then u64):
;; pure computation, no memory traffic in the loop, nothing the JIT may drop (the result is the
;; reply, and both n and the seed come from the payload). A request of another length answers
;; GUEST_ERROR (handle-message returns 1 without replying).
(module
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; the reply buffer: 16 = Borsh prefix, 18 = the u64 result
  (data (i32.const 16) "\81\0e")
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))

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

  ;; n rounds of xorshift64 from seed (a zero seed is made odd), folded by multiply-add
  (func $burn (export "burn") (param $n i32) (param $seed i64) (result i64)
    (local $x i64) (local $acc i64)
    (local.set $x (i64.or (local.get $seed) (i64.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 0x9E3779B97F4A7C15)) (local.get $x)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  (func (export "handle-message") (param i32 i32) (param $mp i32) (param $ml i32) (result i32)
    (if (i32.ne (local.get $ml) (i32.const 14)) (then (return (i32.const 1))))
    (i64.store (i32.const 18)
      (call $burn (i32.load (i32.add (local.get $mp) (i32.const 2)))
                  (i64.load (i32.add (local.get $mp) (i32.const 6)))))
    (drop (call $reply (i32.const 16) (i32.const 10)))
    (i32.const 0))
)
