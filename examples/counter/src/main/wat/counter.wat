;; A counter with state: _initialize sets it up once after instantiation, and every
;; call changes it. Try it:  wasm:invoke counter increment   ->  1001
;; It keeps counting across an update of its bundle: _save_state hands the count to the new
;; version, whose _restore_state takes it (guest ABI, "State across an update").
(module
  (memory (export "memory") 1)
  (global $count (mut i64) (i64.const 0))
  (global $initialized (mut i32) (i32.const 0))

  ;; called by the host once, before the component is Ready
  (func (export "_initialize")
    i64.const 1000
    global.set $count
    i32.const 1
    global.set $initialized)

  (func (export "increment") (result i64)
    global.get $count
    i64.const 1
    i64.add
    global.set $count
    global.get $count)

  (func (export "add") (param $n i64) (result i64)
    global.get $count
    local.get $n
    i64.add
    global.set $count
    global.get $count)

  (func (export "get") (result i64)
    global.get $count)

  (func (export "initialized") (result i32)
    global.get $initialized)

  ;; the state blob is the count, 8 bytes at address 16: ptr << 32 | len
  (func (export "_save_state") (result i64)
    (i64.store (i32.const 16) (global.get $count))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 8)))

  ;; the host writes the old version's blob into a buffer from alloc; 0 = taken
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "_restore_state") (param $ptr i32) (param $len i32) (result i32)
    (if (i32.ne (local.get $len) (i32.const 8)) (then (return (i32.const 1))))
    (global.set $count (i64.load (local.get $ptr)))
    (i32.const 0))
)
