;; A calculator: pure functions over the four WebAssembly number types.
;; Try it:  wasm:invoke calculator add 2 3   ->  5
(module
  ;; i32 addition (wraps around like C)
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add)

  ;; i32 division: traps on a zero divisor ("integer divide by zero")
  (func (export "div") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.div_s)

  ;; quotient and remainder: two results
  (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    local.get $a
    local.get $b
    i32.div_s
    local.get $a
    local.get $b
    i32.rem_s)

  ;; i64 multiplication
  (func (export "mul64") (param $a i64) (param $b i64) (result i64)
    local.get $a
    local.get $b
    i64.mul)

  ;; f32 average of two numbers
  (func (export "avg32") (param $a f32) (param $b f32) (result f32)
    local.get $a
    local.get $b
    f32.add
    f32.const 2
    f32.div)

  ;; f64 hypotenuse
  (func (export "hypot") (param $a f64) (param $b f64) (result f64)
    local.get $a
    local.get $a
    f64.mul
    local.get $b
    local.get $b
    f64.mul
    f64.add
    f64.sqrt)

  ;; mixed types: i32 * f64 + i64, as f64
  (func (export "mix") (param $n i32) (param $x f64) (param $c i64) (result f64)
    local.get $n
    f64.convert_i32_s
    local.get $x
    f64.mul
    local.get $c
    f64.convert_i64_s
    f64.add)

  ;; a constant: no parameters
  (func (export "answer") (result i32)
    i32.const 42)
)
