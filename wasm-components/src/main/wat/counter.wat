;; Core module of the component "counter" (WIT: src/main/wit/counter.wit, world counter).
;;
;; The resource wharf:test/counters.counter is implemented here: its representation (rep) is the
;; address of a 4-byte cell holding the count. Handles are made and used through the canonical
;; built-ins, which wit-component supplies as imports of the module "[export]" + interface name:
;;   [resource-new]counter  (rep) -> handle   canon resource.new: a new own handle in this
;;                                             component instance's table
;;   [resource-rep]counter  (handle) -> rep   canon resource.rep
;;   [resource-drop]counter (handle)          canon resource.drop: for an own handle, calls the
;;                                             destructor below
;; The destructor is the export "wharf:test/counters@0.1.0#[dtor]counter" (rep).
;;
;; A method's self (borrow<counter>) arrives as the rep itself, not as a handle: lowering a
;; borrow into the component that implements the resource passes the rep directly. An
;; own<counter> parameter (finish) arrives as a handle in this instance's table.
(module
  (import "[export]wharf:test/counters@0.1.0" "[resource-new]counter"
    (func $resource_new (param i32) (result i32)))
  (import "[export]wharf:test/counters@0.1.0" "[resource-rep]counter"
    (func $resource_rep (param i32) (result i32)))
  (import "[export]wharf:test/counters@0.1.0" "[resource-drop]counter"
    (func $resource_drop (param i32)))

  (memory (export "memory") 1)

  ;; next free cell (cells are never reused); starts at 16 so that no rep is 0
  (global $next (mut i32) (i32.const 16))
  ;; counters made and not destroyed yet
  (global $live (mut i32) (i32.const 0))

  ;; a new counter cell holding start, its handle returned
  (func $new (param $start i32) (result i32)
    (local $rep i32)
    (local.set $rep (global.get $next))
    (if (i32.ge_u (i32.add (local.get $rep) (i32.const 4))
                  (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))))
    (global.set $next (i32.add (local.get $rep) (i32.const 4)))
    (i32.store (local.get $rep) (local.get $start))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (call $resource_new (local.get $rep)))

  ;; constructor(start: u32): returns the own handle
  (func (export "wharf:test/counters@0.1.0#[constructor]counter") (param $start i32) (result i32)
    (call $new (local.get $start)))

  ;; increment: func() (self: borrow<counter>, i.e. the rep)
  (func (export "wharf:test/counters@0.1.0#[method]counter.increment") (param $self i32)
    (i32.store (local.get $self) (i32.add (i32.load (local.get $self)) (i32.const 1))))

  ;; get: func() -> u32 (self: the rep)
  (func (export "wharf:test/counters@0.1.0#[method]counter.get") (param $self i32) (result i32)
    (i32.load (local.get $self)))

  ;; make: func(start: u32) -> counter (own)
  (func (export "wharf:test/counters@0.1.0#make") (param $start i32) (result i32)
    (call $new (local.get $start)))

  ;; finish: func(c: counter) -> u32: c is an own handle in this instance's table; read the value
  ;; through its rep, then drop the handle (which runs the destructor)
  (func (export "wharf:test/counters@0.1.0#finish") (param $handle i32) (result i32)
    (local $value i32)
    (local.set $value (i32.load (call $resource_rep (local.get $handle))))
    (call $resource_drop (local.get $handle))
    (local.get $value))

  ;; live: func() -> u32
  (func (export "wharf:test/counters@0.1.0#live") (result i32)
    (global.get $live))

  ;; the destructor, called with the rep when the last own handle is dropped (by the host or by
  ;; resource.drop above); the cell is poisoned so that a use after drop reads 0xdead
  (func (export "wharf:test/counters@0.1.0#[dtor]counter") (param $rep i32)
    (i32.store (local.get $rep) (i32.const 0xdead))
    (global.set $live (i32.sub (global.get $live) (i32.const 1))))
)
