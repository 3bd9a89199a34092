// DigitNet in the browser: what the page needs to answer without a server, loaded by app.js only
// when the page comes from a folder written by `digitnet export --format site` (it finds
// models.json beside itself). Three parts:
//  - preprocess(): the drawing's pixels to the model's 28×28 and 32×32 inputs, a port of the Java
//    code the server runs on a clean picture (input.MnistNormalizer, data.Images.resizeBilinear).
//    Java computes most steps in float (32-bit) arithmetic; every such step is rounded with
//    Math.fround here, so the two give the same numbers, not merely close ones;
//  - answer(): calibrated probabilities and the not-a-digit verdict from a model's logits, its
//    not-a-digit head's output (when it has one), its input and its calibration
//    (model.Calibration, model.DigitCheck), in one function, so that a
//    change of the decision is made here and nowhere else;
//  - createBackend(): ONNX Runtime Web (WebAssembly, one thread) sessions for every model of the
//    folder, answering in the shape of the HTTP API's POST /api/predict.
(function (global) {
  "use strict";

  var f = Math.fround;
  var MNIST_SIZE = 28;
  var BOX_SIZE = 20;
  var MODEL_SIZE = 32;
  var MIN_CONTRAST = 0.12;
  var NOISE_FLOOR = 0.1;
  var INK_THRESHOLD = 0.05;
  var PAPER_TOLERANCE = f(5 / 255);
  var CORE = 0.5;
  var OFF_PAPER_PER_CORE = 3;
  var CLEAN_SAMPLES = 4096;
  var SOLID = 0.5;            // DigitCheck.SOLID: ink above this counts as solid

  // ------------------------------------------------------------------ preprocessing

  /** Rec. 601 luma of 8-bit sRGB, as MnistNormalizer.luminance computes it (double, then float). */
  function luminance(rgba, n) {
    var lum = new Float32Array(n);
    for (var i = 0, j = 0; i < n; i++, j += 4) {
      lum[i] = (299 * rgba[j] + 587 * rgba[j + 1] + 114 * rgba[j + 2]) * (1 / 255000);
    }
    return lum;
  }

  function borderIndices(w, h) {
    var idx = [];
    if (w <= 2 || h <= 2) {
      for (var i = 0; i < w * h; i++) {
        idx.push(i);
      }
      return idx;
    }
    for (var x = 0; x < w; x++) {
      idx.push(x, (h - 1) * w + x);
    }
    for (var y = 1; y < h - 1; y++) {
      idx.push(y * w, y * w + w - 1);
    }
    return idx;
  }

  function median(values) {
    if (values.length === 0) {
      return 1;
    }
    var copy = Float32Array.from(values).sort();
    return copy[Math.floor(copy.length / 2)];
  }

  function paperOf(lum, w, h) {
    var idx = borderIndices(w, h);
    var border = new Float32Array(idx.length);
    for (var k = 0; k < idx.length; k++) {
      border[k] = lum[idx[k]];
    }
    var background = median(border);
    var light = background >= 0.5;
    var darkest = lum[0];
    var brightest = lum[0];
    for (var i = 1; i < lum.length; i++) {
      if (lum[i] < darkest) { darkest = lum[i]; }
      if (lum[i] > brightest) { brightest = lum[i]; }
    }
    var sign = light ? -1 : 1;
    var contrast = Math.max(0, f(sign * f((light ? darkest : brightest) - background)));
    return { background: background, sign: sign, contrast: contrast, range: f(brightest - darkest),
      blank: contrast < MIN_CONTRAST };
  }

  /** MnistNormalizer.isClean: plain paper on which everything off the paper is a stroke. */
  function isClean(lum, w, h, paper) {
    var bg = paper.background;
    var sign = paper.sign;
    var core = f(CORE * paper.contrast);
    var step = Math.max(1, Math.floor(Math.sqrt(w * h / CLEAN_SAMPLES)));
    var sampled = 0, faint = 0, exact = 0, cores = 0;
    for (var y = Math.floor(step / 2); y < h; y += step) {
      var row = y * w;
      for (var x = Math.floor(step / 2); x < w; x += step) {
        var d = f(lum[row + x] - bg);
        var a = Math.abs(d);
        if (a > 0 && a <= PAPER_TOLERANCE) { faint++; }
        if (a === 0) { exact++; }
        if (f(sign * d) > core) { cores++; }
        sampled++;
      }
    }
    var offPaper = sampled - exact - faint;
    return offPaper <= OFF_PAPER_PER_CORE * cores && 2 * faint <= cores && 4 * faint <= exact;
  }

  /** MnistNormalizer.inkOf and boxed: ink stretched to [0, 1] and its bounding box. */
  function inkOf(lum, w, h, paper) {
    var background = paper.background;
    var sign = paper.sign;
    var gain = f(1 / (paper.contrast * (1 - NOISE_FLOOR)));
    var offset = f(NOISE_FLOOR / (1 - NOISE_FLOOR));
    var ink = new Float32Array(lum.length);
    for (var i = 0; i < lum.length; i++) {
      var v = Math.max(0, f(sign * f(lum[i] - background)));
      ink[i] = Math.max(0, f(f(v * gain) - offset));
    }
    var x0 = w, y0 = -1, x1 = -1, y1 = -1;
    for (var y = 0; y < h; y++) {
      var rowStart = y * w;
      var end = rowStart + w;
      var first = rowStart;
      while (first < end && !(ink[first] > INK_THRESHOLD)) {
        first++;
      }
      if (first === end) {
        continue;
      }
      var last = end - 1;
      while (!(ink[last] > INK_THRESHOLD)) {
        last--;
      }
      x0 = Math.min(x0, first - rowStart);
      x1 = Math.max(x1, last - rowStart);
      if (y0 < 0) {
        y0 = y;
      }
      y1 = y;
    }
    return { values: ink, w: w, h: h, x0: x0, y0: y0, x1: x1, y1: y1 };
  }

  /** MnistNormalizer.Axis: sparse 1-D weights, area averaging to shrink, half-pixel bilinear to enlarge. */
  function axis(src, dst) {
    var start = [], index = [], weight = [];
    var r = src / dst;
    for (var d = 0; d < dst; d++) {
      start.push(index.length);
      if (dst < src) {
        var lo = d * r;
        var hi = (d + 1) * r;
        for (var s = Math.floor(lo); s < Math.min(src, Math.ceil(hi)); s++) {
          var overlap = Math.min(hi, s + 1) - Math.max(lo, s);
          if (overlap > 0) {
            index.push(s);
            weight.push(overlap / r);
          }
        }
      } else {
        var p = Math.max(0, (d + 0.5) * r - 0.5);
        var i0 = Math.min(Math.floor(p), src - 1);
        var i1 = Math.min(i0 + 1, src - 1);
        var frac = p - i0;
        index.push(i0, i1);
        weight.push(1 - frac, frac);
      }
    }
    start.push(index.length);
    return { start: start, index: index, weight: weight };
  }

  /** MnistNormalizer.resample: each axis on its own, sums in double, stored as float. */
  function resample(src, sw, sh, dw, dh) {
    var ax = axis(sw, dw);
    var ay = axis(sh, dh);
    var tmp = new Float32Array(dw * sh);
    var x, y, k, v;
    for (y = 0; y < sh; y++) {
      for (x = 0; x < dw; x++) {
        v = 0;
        for (k = ax.start[x]; k < ax.start[x + 1]; k++) {
          v += ax.weight[k] * src[y * sw + ax.index[k]];
        }
        tmp[y * dw + x] = v;
      }
    }
    var out = new Float32Array(dw * dh);
    for (y = 0; y < dh; y++) {
      for (x = 0; x < dw; x++) {
        v = 0;
        for (k = ay.start[y]; k < ay.start[y + 1]; k++) {
          v += ay.weight[k] * tmp[ay.index[k] * dw + x];
        }
        out[y * dw + x] = v;
      }
    }
    return out;
  }

  function clamp(v, lo, hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** data.Images.resizeBilinear: PyTorch's half-pixel bilinear rule, all in float. */
  function resizeBilinear(src, sw, sh, dw, dh) {
    var dst = new Float32Array(dw * dh);
    var scaleX = f(sw / dw);
    var scaleY = f(sh / dh);
    for (var y = 0; y < dh; y++) {
      var sy = Math.max(0, f(f(f(y + 0.5) * scaleY) - 0.5));
      var y0 = Math.min(Math.floor(sy), sh - 1);
      var y1 = Math.min(y0 + 1, sh - 1);
      var wy = f(sy - y0);
      for (var x = 0; x < dw; x++) {
        var sx = Math.max(0, f(f(f(x + 0.5) * scaleX) - 0.5));
        var x0 = Math.min(Math.floor(sx), sw - 1);
        var x1 = Math.min(x0 + 1, sw - 1);
        var wx = f(sx - x0);
        var top = f(f(src[y0 * sw + x0] * f(1 - wx)) + f(src[y0 * sw + x1] * wx));
        var bottom = f(f(src[y1 * sw + x0] * f(1 - wx)) + f(src[y1 * sw + x1] * wx));
        dst[y * dw + x] = f(f(top * f(1 - wy)) + f(bottom * wy));
      }
    }
    return dst;
  }

  function blankInput() {
    return { image28: new Float32Array(MNIST_SIZE * MNIST_SIZE), image32: new Float32Array(MODEL_SIZE * MODEL_SIZE),
      empty: true, clean: true };
  }

  /** MnistNormalizer.fromInk: crop, fit 20×20 keeping the aspect, centre of mass at (14, 14), then 32×32. */
  function fromInk(ink) {
    if (ink.x1 < 0) {
      return blankInput();
    }
    var bw = ink.x1 - ink.x0 + 1;
    var bh = ink.y1 - ink.y0 + 1;
    var crop = new Float32Array(bw * bh);
    for (var y = 0; y < bh; y++) {
      var from = (ink.y0 + y) * ink.w + ink.x0;
      crop.set(ink.values.subarray(from, from + bw), y * bw);
    }
    var scale = BOX_SIZE / Math.max(bw, bh);
    var dw = clamp(Math.round(bw * scale), 1, BOX_SIZE);
    var dh = clamp(Math.round(bh * scale), 1, BOX_SIZE);
    var box = resample(crop, bw, bh, dw, dh);
    var max = 0;
    for (var i = 0; i < box.length; i++) {
      max = Math.max(max, box[i]);
    }
    if (max <= 0) {
      return blankInput();
    }
    for (i = 0; i < box.length; i++) {
      box[i] = Math.min(1, f(box[i] / max));
    }
    var mass = 0, mx = 0, my = 0;
    for (y = 0; y < dh; y++) {
      for (var x = 0; x < dw; x++) {
        var v = box[y * dw + x];
        mass += v;
        mx += v * (x + 0.5);
        my += v * (y + 0.5);
      }
    }
    var ox = clamp(Math.round(MNIST_SIZE / 2 - mx / mass), 0, MNIST_SIZE - dw);
    var oy = clamp(Math.round(MNIST_SIZE / 2 - my / mass), 0, MNIST_SIZE - dh);
    var image28 = new Float32Array(MNIST_SIZE * MNIST_SIZE);
    for (y = 0; y < dh; y++) {
      image28.set(box.subarray(y * dw, y * dw + dw), (oy + y) * MNIST_SIZE + ox);
    }
    return { image28: image28, image32: resizeBilinear(image28, MNIST_SIZE, MNIST_SIZE, MODEL_SIZE, MODEL_SIZE),
      empty: false, clean: true };
  }

  /**
   * The model's input for an opaque RGBA picture (a canvas's getImageData), as DigitInput.fromImage
   * makes it of a clean picture: {image28, image32 (Float32Array), empty, clean}. The page's canvas
   * is filled white before anything is drawn, so Java's compositing of translucent pixels never
   * applies and alpha is ignored. A picture the Java code would take for a photo of paper (clean:
   * false; no drawing on the page's canvas is one) is still normalised as a clean one: the photo
   * cleaning is not ported.
   */
  function preprocess(rgba, w, h) {
    var lum = luminance(rgba, w * h);
    var paper = paperOf(lum, w, h);
    if (paper.blank) {
      var blank = blankInput();
      blank.clean = paper.range < MIN_CONTRAST;
      return blank;
    }
    var clean = isClean(lum, w, h, paper);
    var input = fromInk(inkOf(lum, w, h, paper));
    input.clean = clean;
    return input;
  }

  // ------------------------------------------------------------------ the answer

  /** DigitCheck.thickness: half the width of the thickest stroke (chessboard distance transform). */
  function thickness(image, side) {
    var d = new Int32Array(side * side);
    var big = side * side;
    var x, y, i, m;
    for (y = 0; y < side; y++) {
      for (x = 0; x < side; x++) {
        i = y * side + x;
        if (!(image[i] > SOLID)) {
          d[i] = 0;
          continue;
        }
        m = big;
        m = Math.min(m, y > 0 && x > 0 ? d[i - side - 1] : 0);
        m = Math.min(m, y > 0 ? d[i - side] : 0);
        m = Math.min(m, y > 0 && x < side - 1 ? d[i - side + 1] : 0);
        m = Math.min(m, x > 0 ? d[i - 1] : 0);
        d[i] = m + 1;
      }
    }
    var max = 0;
    for (y = side - 1; y >= 0; y--) {
      for (x = side - 1; x >= 0; x--) {
        i = y * side + x;
        if (d[i] === 0) {
          continue;
        }
        m = d[i] - 1;
        m = Math.min(m, y < side - 1 && x < side - 1 ? d[i + side + 1] : 0);
        m = Math.min(m, y < side - 1 ? d[i + side] : 0);
        m = Math.min(m, y < side - 1 && x > 0 ? d[i + side - 1] : 0);
        m = Math.min(m, x < side - 1 ? d[i + 1] : 0);
        d[i] = m + 1;
        max = Math.max(max, d[i]);
      }
    }
    return max;
  }

  /** Calibration.energy: logsumexp(logits), stably, in double. */
  function energy(logits) {
    var max = -Infinity;
    for (var i = 0; i < logits.length; i++) {
      max = Math.max(max, logits[i]);
    }
    if (!isFinite(max)) {
      return max;
    }
    var sum = 0;
    for (i = 0; i < logits.length; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return max + Math.log(sum);
  }

  function rounded(v, places) {
    var scale = Math.pow(10, places);
    return Math.round(v * scale) / scale;
  }

  /**
   * The whole decision for one input, from the model's raw logits, the input the model saw and the
   * model's calibration ({temperature, digit_check: {min_score, max_thickness}} as in config.json):
   * softmax(logits / T) sorted most probable first, and the verdict (model.Calibration.check:
   * a solid blob when the thickness exceeds max_thickness, else not a digit when the energy score
   * is under min_score). Answers like POST /api/predict: {predictions (all 10), empty, is_digit,
   * digit_check: {verdict, score, min_score, thickness, max_thickness}}.
   */
  function answer(logits, input, calibration, notDigit) {
    if (input.empty) {
      return { predictions: [], empty: true, is_digit: false, digit_check: { verdict: "blank", thickness: 0 } };
    }
    var c = calibration || {};
    var t = typeof c.temperature === "number" ? c.temperature : 1;
    var check = c.digit_check || {};
    var minScore = typeof check.min_score === "number" ? check.min_score : -Infinity;
    var maxThickness = typeof check.max_thickness === "number" ? check.max_thickness : Infinity;
    // A model with a not-a-digit head: its output is refused above max_not_digit (docs/onnx.md).
    var maxNotDigit = typeof check.max_not_digit === "number" ? check.max_not_digit : Infinity;
    var headSays = typeof notDigit === "number" && isFinite(notDigit);
    var scaled = new Float32Array(logits.length);
    var top = -Infinity;
    for (var k = 0; k < logits.length; k++) {
      scaled[k] = logits[k] / t;
      top = Math.max(top, scaled[k]);
    }
    var sum = 0;
    var exps = [];
    for (k = 0; k < scaled.length; k++) {
      exps.push(Math.exp(scaled[k] - top));
      sum += exps[k];
    }
    var predictions = exps.map(function (e, digit) { return { digit: digit, probability: rounded(e / sum, 6) }; });
    predictions.sort(function (a, b) { return b.probability - a.probability || a.digit - b.digit; });
    var score = energy(logits);
    var thick = thickness(input.image32, MODEL_SIZE);
    // The order of Calibration.check: a blob, then the head, then the energy score.
    var verdict = thick > maxThickness ? "solid_blob"
        : headSays && notDigit > maxNotDigit ? "not_digit"
        : score < minScore ? "low_score" : "accepted";
    var digitCheck = { verdict: verdict, score: rounded(score, 4), thickness: thick };
    if (isFinite(minScore)) { digitCheck.min_score = rounded(minScore, 4); }
    if (isFinite(maxThickness)) { digitCheck.max_thickness = rounded(maxThickness, 4); }
    if (headSays) { digitCheck.not_digit = rounded(notDigit, 4); }
    if (headSays && isFinite(maxNotDigit)) { digitCheck.max_not_digit = rounded(maxNotDigit, 4); }
    return { predictions: predictions, empty: false, is_digit: verdict === "accepted", digit_check: digitCheck };
  }

  // ------------------------------------------------------------------ ONNX Runtime Web

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  /**
   * Answers the page in the browser, for the site described by models.json ({backend, default,
   * runtime: {script, module, wasm}, models: [{name, file, parameters, clean_top1, calibration,
   * card}]}). Every model's session is made while the page loads, the default first: after that
   * nothing is fetched, so an open page keeps answering offline, and switching models costs nothing.
   */
  function createBackend(site) {
    var sessions = {};
    var byName = {};
    site.models.forEach(function (m) { byName[m.name] = m; });
    // One run at a time: the page's live answer and its per-model comparison may ask together.
    var queue = Promise.resolve();

    function open(m) {
      var started = performance.now();
      return global.ort.InferenceSession.create(m.file, { executionProviders: ["wasm"], graphOptimizationLevel: "all" })
        .then(function (session) {
          sessions[m.name] = session;
          m.load_ms = performance.now() - started;
          return session;
        });
    }

    var ready = loadScript(site.runtime.script).then(function () {
      var ort = global.ort;
      ort.env.wasm.numThreads = 1;       // no SharedArrayBuffer, so no special headers are needed
      ort.env.wasm.proxy = false;
      ort.env.wasm.wasmPaths = {
        mjs: new URL(site.runtime.module, document.baseURI).href,
        wasm: new URL(site.runtime.wasm, document.baseURI).href
      };
      var first = byName[site["default"]] || site.models[0];
      return open(first);
    });
    var all = ready.then(function () {
      return site.models.reduce(function (chain, m) {
        return chain.then(function () { return sessions[m.name] ? null : open(m); });
      }, Promise.resolve());
    });

    /** The drawing, preprocessed once, whichever models then read it. */
    function capture(canvas, ctx) {
      var started = performance.now();
      var pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      var input = preprocess(pixels, canvas.width, canvas.height);
      input.preprocessMs = performance.now() - started;
      return input;
    }

    function logits(name, image32) {
      var run = queue.then(function () {
        var m = byName[name];
        var session = sessions[name];
        var wait = session ? Promise.resolve(session) : (name === site["default"] ? ready : all).then(function () {
          return sessions[name];
        });
        return wait.then(function (s) {
          var feeds = {};
          feeds[s.inputNames[0]] = new global.ort.Tensor("float32", image32, [1, 1, MODEL_SIZE, MODEL_SIZE]);
          return s.run(feeds).then(function (out) {
            // "logits", and "not_digit" [1, 1] for a model with a not-a-digit head.
            var head = out.not_digit;
            return { logits: (out.logits || out[s.outputNames[0]]).data, notDigit: head ? head.data[0] : null };
          });
        }).then(function (data) {
          if (!m) {
            throw new Error("unknown model '" + name + "'");
          }
          return data;
        });
      });
      queue = run.catch(function () { /* the next run starts anyway */ });
      return run;
    }

    /** What POST /api/predict answers, for an input made by capture(). */
    function predict(input, name, withPreview, k) {
      var started = performance.now();
      var model = byName[name] || byName[site["default"]];
      var done = input.empty ? Promise.resolve(null) : logits(model.name, input.image32);
      return done.then(function (raw) {
        var body = answer(raw && raw.logits, input, model.calibration, raw && raw.notDigit);
        body.predictions = body.predictions.slice(0, k || 3);
        body.model = model.name;
        body.latency_ms = rounded(performance.now() - started + (input.preprocessMs || 0), 3);
        if (withPreview) {
          body.input28 = Array.prototype.slice.call(input.image28);
        }
        return body;
      });
    }

    return {
      kind: "browser",
      site: site,
      ready: ready,
      all: all,
      capture: capture,
      predict: predict,
      logits: logits,
      models: function () { return site.models; },
      card: function (name) { return (byName[name] || byName[site["default"]]).card; }
    };
  }

  global.DigitNetBrowser = {
    preprocess: preprocess,
    thickness: thickness,
    energy: energy,
    answer: answer,
    createBackend: createBackend
  };
})(window);
