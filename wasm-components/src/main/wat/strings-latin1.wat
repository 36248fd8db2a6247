;; Core module of the component "strings-latin1" (WIT: src/main/wit/strings.wit, world strings),
;; canonical ABI options: memory, realloc=cabi_realloc, string-encoding=latin1+utf16,
;; post-return=cabi_post_shout.
;;
;; A latin1+utf16 string is (ptr, tagged length): when bit 31 (the UTF-16 tag) of the length is
;; clear the string is length Latin-1 bytes; when it is set, it is (length ^ 1<<31) UTF-16 code
;; units (little-endian, ptr 2-aligned). The caller chooses; this module keeps the choice.
;; Memory: bytes 0..1024 static (the return area at 8), the heap from 1024 on.
(module
  (memory (export "memory") 1)

  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr: a bump allocator (see echo.wat);
  ;; the caller asks for align 2 for either encoding
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

  ;; shout: func(s: string) -> string: upper-cases a-z in place (Latin-1 bytes or UTF-16 code
  ;; units, after the tag) and returns the same (ptr, tagged length) through the return area
  ;; (ptr at +0, tagged length at +4)
  (func (export "shout") (param $ptr i32) (param $tagged i32) (result i32)
    (local $p i32) (local $end i32) (local $u i32) (local $step i32)
    (local.set $p (local.get $ptr))
    (if (i32.lt_s (local.get $tagged) (i32.const 0))
      (then ;; UTF-16: 2 bytes a unit
        (local.set $step (i32.const 2))
        (local.set $end (i32.add (local.get $ptr)
          (i32.shl (i32.and (local.get $tagged) (i32.const 0x7fffffff)) (i32.const 1)))))
      (else ;; Latin-1: a byte a character
        (local.set $step (i32.const 1))
        (local.set $end (i32.add (local.get $ptr) (local.get $tagged)))))
    (block $done
      (loop $unit
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $u
          (if (result i32) (i32.eq (local.get $step) (i32.const 2))
            (then (i32.load16_u (local.get $p)))
            (else (i32.load8_u (local.get $p)))))
        (if (i32.lt_u (i32.sub (local.get $u) (i32.const 0x61)) (i32.const 26))
          (then
            ;; only the low byte changes (a-z are below 0x80), for both encodings
            (i32.store8 (local.get $p) (i32.sub (local.get $u) (i32.const 0x20)))))
        (local.set $p (i32.add (local.get $p) (local.get $step)))
        (br $unit)))
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $tagged))
    (i32.const 8))

  ;; post-return of shout: everything allocated for the call is garbage now
  (func (export "cabi_post_shout") (param i32)
    (global.set $heap (i32.const 1024)))
)
