;; hostile: an Extism plugin whose exports abuse the kernel, for a host to refuse each abuse
;; cleanly (an error or a trap for that call, not a broken host). Every export is () -> i32.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (memory (export "memory") 1)

  ;; reads 8 bytes of kernel memory far outside any block
  (func (export "load_outside") (result i32)
    (drop (call $load_u64 (i64.const 0x7fffffff00000000)))
    (i32.const 0))

  ;; writes a byte of kernel memory at 1 TiB
  (func (export "store_outside") (result i32)
    (call $store_u8 (i64.const 0x10000000000) (i32.const 1))
    (i32.const 0))

  ;; names 16 bytes at 1 TiB as the output
  (func (export "output_outside") (result i32)
    (call $output_set (i64.const 0x10000000000) (i64.const 16))
    (i32.const 0))

  ;; names an 8 GiB output starting at an 8-byte block
  (func (export "output_too_big") (result i32)
    (call $output_set (call $alloc (i64.const 8)) (i64.const 0x200000000))
    (i32.const 0))

  ;; never returns
  (func (export "spin") (result i32)
    (loop $forever (br $forever))
    (i32.const 0))

  ;; sets var "big" to a 2 MiB block
  (func (export "huge_var") (result i32)
    (local $key i64)
    (local.set $key (call $alloc (i64.const 3)))
    (call $store_u8 (local.get $key) (i32.const 0x62))                       ;; b
    (call $store_u8 (i64.add (local.get $key) (i64.const 1)) (i32.const 0x69)) ;; i
    (call $store_u8 (i64.add (local.get $key) (i64.const 2)) (i32.const 0x67)) ;; g
    (call $var_set (local.get $key) (call $alloc (i64.const 2097152)))
    (i32.const 0))

  ;; behaves: output "ok"
  (func (export "ok") (result i32)
    (local $out i64)
    (local.set $out (call $alloc (i64.const 2)))
    (call $store_u8 (local.get $out) (i32.const 0x6f))                       ;; o
    (call $store_u8 (i64.add (local.get $out) (i64.const 1)) (i32.const 0x6b)) ;; k
    (call $output_set (local.get $out) (i64.const 2))
    (i32.const 0)))
