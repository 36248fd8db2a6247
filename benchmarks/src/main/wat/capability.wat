;; Benchmark guest: n calls of kv.get of a small value, and n asks of a Java component, in one
;; guest call each, so the per-call cost is not hidden by the cost of reaching the guest.
(module
  (import "wharf:kv" "get" (func $get (param i32 i32 i32) (result i32)))
  (import "wharf:kv" "set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "wharf" "ask" (func $ask (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "k")
  (data (i32.const 32) "0123456789abcdef")
  (data (i32.const 64) "javasink")
  (data (i32.const 80) "\80\04{}")
  ;; every result is dropped before the next call: one buffer serves them all
  (func (export "alloc") (param $len i32) (result i32)
    (select (i32.const 8192) (i32.const 0) (i32.le_u (local.get $len) (i32.const 4096))))
  (func (export "dealloc") (param i32 i32))
  (func (export "put") (result i32)
    (call $set (i32.const 16) (i32.const 1) (i32.const 32) (i32.const 16)))
  (func (export "gets") (param $n i32) (result i32)
    (local $rc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $rc (call $get (i32.const 16) (i32.const 1) (i32.const 256)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $rc))
  (func (export "asks") (param $n i32) (result i32)
    (local $rc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $rc (call $ask (i32.const 64) (i32.const 8) (i32.const 80) (i32.const 4) (i32.const 1000) (i32.const 256)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $rc))
)
