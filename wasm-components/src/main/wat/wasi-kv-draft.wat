;; Core module of the component "wasi-kv-draft" (WIT: src/main/wit/wasi-user.wit, world
;; wasi-kv-draft): wasi:keyvalue 0.2.0-draft (counting with a u64) and wasi:config 0.2.0-draft and
;; 0.2.0-rc.1, the versions wasmCloud components import, called with hand-written canonical-ABI
;; glue. Options: memory, realloc=cabi_realloc, string-encoding=utf8, post-returns that empty the
;; heap. Memory as in wasi-kv.wat: 16..32 open's return area, 64..96 each export's, heap from 1024.
(module
  (import "wasi:keyvalue/store@0.2.0-draft" "open" (func $open (param i32 i32 i32)))
  (import "wasi:keyvalue/store@0.2.0-draft" "[resource-drop]bucket" (func $drop (param i32)))
  (import "wasi:keyvalue/atomics@0.2.0-draft" "increment" (func $increment (param i32 i32 i32 i64 i32)))
  (import "wasi:config/store@0.2.0-rc.1" "get" (func $config-rc (param i32 i32 i32)))
  (import "wasi:config/store@0.2.0-draft" "get" (func $config-draft (param i32 i32 i32)))

  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc: a bump allocator that grows the memory (see echo.wat)
  (func (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $pages i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                 (i32.le_u (local.get $new_size) (local.get $old_size)))
      (then (return (local.get $old))))
    (local.set $ptr
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $new_size)))
    (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
    (local.set $pages (i32.add (i32.shr_u (local.get $end) (i32.const 16))
                               (i32.ne (i32.and (local.get $end) (i32.const 0xffff)) (i32.const 0))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then unreachable))))
    (global.set $heap (local.get $end))
    (if (i32.ne (local.get $old) (i32.const 0))
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  ;; count: func(bucket: string, key: string, delta: u64) -> result<u64, error>; an error of open
  ;; goes into the result's err (payload at 8, after the u64's alignment)
  (func (export "count") (param $bp i32) (param $bl i32) (param $kp i32) (param $kl i32) (param $delta i64)
      (result i32)
    (local $b i32)
    (call $open (local.get $bp) (local.get $bl) (i32.const 16))
    (if (i32.load8_u (i32.const 16))
      (then
        (i32.store8 (i32.const 64) (i32.const 1))
        (i32.store8 (i32.const 72) (i32.load8_u (i32.const 20)))
        (i32.store (i32.const 76) (i32.load (i32.const 24)))
        (i32.store (i32.const 80) (i32.load (i32.const 28)))
        (return (i32.const 64))))
    (local.set $b (i32.load (i32.const 20)))
    (call $increment (local.get $b) (local.get $kp) (local.get $kl) (local.get $delta) (i32.const 64))
    (call $drop (local.get $b))
    (i32.const 64))

  ;; setting, setting-draft: func(key: string) -> result<option<string>, config-error>
  (func (export "setting") (param $kp i32) (param $kl i32) (result i32)
    (call $config-rc (local.get $kp) (local.get $kl) (i32.const 64))
    (i32.const 64))
  (func (export "setting-draft") (param $kp i32) (param $kl i32) (result i32)
    (call $config-draft (local.get $kp) (local.get $kl) (i32.const 64))
    (i32.const 64))

  (func $reset (param i32) (global.set $heap (i32.const 1024)))
  (export "cabi_post_count" (func $reset))
  (export "cabi_post_setting" (func $reset))
  (export "cabi_post_setting-draft" (func $reset))
)
