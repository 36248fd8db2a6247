;; Core module of the component "echo" (WIT: src/main/wit/echo.wit, world echo), canonical ABI
;; options: memory, realloc=cabi_realloc, string-encoding=utf8, post-return=cabi_post_echo.
;;
;; Memory layout: bytes 0..1024 are static (the return area at 8), the heap starts at 1024.
(module
  (memory (export "memory") 1)

  ;; next free byte of the bump allocator
  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr
  ;; A bump allocator: a new block is taken from the top, aligned to align; a block that shrinks
  ;; stays where it is; a block that grows moves to a new block and keeps its first old_size bytes.
  (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $i i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                 (i32.le_u (local.get $new_size) (local.get $old_size)))
      (then (return (local.get $old))))
    ;; ptr = align_up(heap, align); align is a power of two
    (local.set $ptr
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $new_size)))
    (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
    (call $reserve (local.get $end))
    (global.set $heap (local.get $end))
    ;; keep the old contents
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

  ;; grows the memory until byte end-1 is inside it; traps when it cannot
  (func $reserve (param $end i32)
    (local $pages i32)
    ;; pages needed = ceil(end / 65536), computed without overflow
    (local.set $pages (i32.add (i32.shr_u (local.get $end) (i32.const 16))
                               (i32.ne (i32.and (local.get $end) (i32.const 0xffff)) (i32.const 0))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then unreachable)))))

  ;; echo: func(s: string) -> string
  ;; params (ptr, len) of the string the caller stored with cabi_realloc; the result does not fit
  ;; in one core value, so it is written to the return area (ptr at +0, len at +4) whose address
  ;; is returned
  (func (export "echo") (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (i32.const 8))

  ;; post-return of echo: called with echo's core result after the caller has read the string.
  ;; It overwrites the returned bytes with zeros (a caller that read them after post-return would
  ;; see zeros, not the string) and frees everything by resetting the heap.
  (func (export "cabi_post_echo") (param $ret i32)
    (local $p i32) (local $end i32)
    (local.set $p (i32.load (local.get $ret)))
    (local.set $end (i32.add (local.get $p) (i32.load offset=4 (local.get $ret))))
    (block $done
      (loop $zero
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (i32.store8 (local.get $p) (i32.const 0))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $zero)))
    (global.set $heap (i32.const 1024)))
)
