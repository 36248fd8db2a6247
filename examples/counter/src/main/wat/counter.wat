;; A counter with state: _initialize sets it up once after instantiation, and every
;; call changes it. Try it:  wasm:invoke counter increment   ->  1001
(module
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
)
