;; Core module of the component "echo-bench" (WIT: src/main/wit/echo.wit, world echo), for
;; ComponentBenchmark: the same echo as "echo", doing the same work as the core-ABI echo it is
;; measured beside (benchmarks/src/main/wat/messaging.wat: a bump allocator, the bytes handed
;; back, the heap reset after the call); "echo" grows its memory and zeroes what it returned,
;; which tests need and a benchmark would only count against the canonical ABI.
;; Canonical ABI options: memory, realloc=cabi_realloc, string-encoding=utf8, post-return=cabi_post_echo.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc: a fresh block from the top, aligned; no block is ever grown in place (the host
  ;; only allocates); past the memory it traps
  (func (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (if (i64.gt_u (i64.add (i64.extend_i32_u (local.get $p)) (i64.extend_i32_u (local.get $new_size)))
                  (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))
      (then unreachable))
    (global.set $heap (i32.add (local.get $p) (local.get $new_size)))
    (local.get $p))

  ;; echo: func(s: string) -> string, its result in the return area at 8
  (func (export "echo") (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (i32.const 8))

  ;; post-return: the call is over, its blocks are free
  (func (export "cabi_post_echo") (param $ret i32)
    (global.set $heap (i32.const 1024)))
)
