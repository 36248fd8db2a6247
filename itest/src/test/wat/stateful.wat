;; Test guest: state set by _initialize and changed by every call.
(module
  (global $count (mut i64) (i64.const 0))
  (func (export "_initialize")
    i64.const 1000 global.set $count)
  (func (export "inc") (result i64)
    global.get $count i64.const 1 i64.add global.set $count
    global.get $count)
  (func (export "get") (result i64)
    global.get $count)
)
