;; Core module of the component "strings-utf16" (WIT: src/main/wit/strings.wit, world strings),
;; canonical ABI options: memory, realloc=cabi_realloc, string-encoding=utf16,
;; post-return=cabi_post_shout.
;;
;; A utf16 string is (ptr, number of 16-bit code units), ptr 2-aligned, little-endian units.
;; Memory: bytes 0..1024 static (the return area at 8), the heap from 1024 on.
(module
  (memory (export "memory") 1)

  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr: a bump allocator (see echo.wat)
  (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $i i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                 (i32.le_u (local.get $new_size) (local.get $old_size)))
      (then (return (local.get $old))))
    (local.set $ptr
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $new_size)))
    (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
    (call $reserve (local.get $end))
    (global.set $heap (local.get $end))
    (if (i32.ne (local.get $old) (i32.const 0))
      (then
        (block $done
          (loop $copy
            (br_if $done (i32.ge_u (local.get $i) (local.get $old_size)))
            (i32.store8 (i32.add (local.get $ptr) (local.get $i))
                        (i32.load8_u (i32.add (local.get $old) (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $copy)))))
    (local.get $ptr))

  (func $reserve (param $end i32)
    (local $pages i32)
    (local.set $pages (i32.add (i32.shr_u (local.get $end) (i32.const 16))
                               (i32.ne (i32.and (local.get $end) (i32.const 0xffff)) (i32.const 0))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then unreachable)))))

  ;; shout: func(s: string) -> string: upper-cases the code units a-z in place (the caller
  ;; allocated them in this memory with cabi_realloc, the callee owns them) and returns the same
  ;; (ptr, len) through the return area (ptr at +0, len at +4)
  (func (export "shout") (param $ptr i32) (param $len i32) (result i32)
    (local $p i32) (local $end i32) (local $u i32)
    (local.set $p (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 1))))
    (block $done
      (loop $unit
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $u (i32.load16_u (local.get $p)))
        ;; 'a' (0x61) <= u <= 'z' (0x7a): u - 0x61 < 26 unsigned
        (if (i32.lt_u (i32.sub (local.get $u) (i32.const 0x61)) (i32.const 26))
          (then (i32.store16 (local.get $p) (i32.sub (local.get $u) (i32.const 0x20)))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $unit)))
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (i32.const 8))

  ;; post-return of shout: everything allocated for the call is garbage now
  (func (export "cabi_post_shout") (param i32)
    (global.set $heap (i32.const 1024)))
)
