// DigitNet demo page: draw with mouse, pen or touch (Pointer Events); the drawing is read while you
// draw (throttled) and at once when you lift the pointer, by one of two backends:
//  - served by `digitnet serve`: the drawing goes as a PNG to POST /api/predict?preview=true;
//  - exported by `digitnet export --format site`: browser.js reads it in the page with ONNX
//    Runtime Web. Such a folder has a models.json beside this page, which is how the page tells.
// Both answer in the API's JSON shape, so everything below the backend is the same code.
(function () {
  "use strict";

  var THROTTLE_MS = 150;     // at most one request per this while drawing
  var UNSURE_BELOW = 0.6;    // top-1 probability under this is shown as "not sure"
  var NOT_A_DIGIT = "That doesn't look like a digit";
  // Why not, by the API's digit_check.verdict.
  var WHY_NOT = {
    solid_blob: "A dot or a blob, not strokes. Draw one digit, 0 to 9.",
    not_digit: "It looks like a drawing, a symbol or a letter. Draw one digit, 0 to 9.",
    low_score: "The model has not seen shapes like this. Draw one digit, 0 to 9."
  };

  var canvas = document.getElementById("canvas");
  var ctx = canvas.getContext("2d");
  var clearButton = document.getElementById("clear");
  var prediction = document.getElementById("prediction");
  var predictionDigit = document.getElementById("prediction-digit");
  var predictionText = document.getElementById("prediction-text");
  var predictionDetail = document.getElementById("prediction-detail");
  var bars = document.getElementById("bars");
  var barsTitle = document.getElementById("bars-title");
  var preview = document.getElementById("preview");
  var previewCtx = preview.getContext("2d");
  var status = document.getElementById("status");
  var hint = document.getElementById("hint");
  var modelLabel = document.getElementById("model");
  var modelRow = document.getElementById("model-row");
  var modelSelect = document.getElementById("model-select");
  var compare = document.getElementById("compare");
  var compareRows = document.getElementById("compare-rows");
  var footerBackend = document.getElementById("backend");
  var timeHeader = document.getElementById("time-header");
  var models = [];           // from GET /api/models or models.json: [{name, parameters, clean_top1}, ...]
  var backend = null;        // {kind, capture(), predict(drawing, model, withPreview), ...} once known
  var compared = -1;         // the generation whose drawing the table shows

  var lineWidth = Math.round(canvas.width / 12);   // MNIST-like stroke: about 1/8 of a full-height digit
  var activePointer = null;  // id of the pointer drawing now
  var last = null;           // last point of the current stroke
  var hasInk = false;
  var generation = 0;        // bumped by Clear: answers to older drawings are dropped
  var inFlight = false;
  var pending = false;       // a newer drawing is waiting to be sent
  var lastSent = 0;
  var timer = null;
  // Pen-up → answer, for the browser test and anyone measuring the page: which pen-up the shown
  // final answer follows (#prediction's data-answered-pen-up) and how long after that pen-up it
  // was shown (data-pen-up-ms).
  var penUps = 0;            // pointers lifted so far (never reset)
  var penUpAt = 0;           // performance.now() at the last one
  var answeredPenUp = 0;     // the last pen-up whose final answer has been shown

  // ---------------------------------------------------------------- drawing

  function resetCanvas() {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#000000";
    ctx.fillStyle = "#000000";
    ctx.lineWidth = lineWidth;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
  }

  function pointOf(event) {
    var rect = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - rect.left) * (canvas.width / rect.width),
      y: (event.clientY - rect.top) * (canvas.height / rect.height)
    };
  }

  function dot(p) {
    ctx.beginPath();
    ctx.arc(p.x, p.y, lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
  }

  function segment(from, to) {
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  }

  function markInk() {
    if (!hasInk) {
      hasInk = true;
      canvas.classList.add("inked");
      hint.classList.add("hidden");
    }
  }

  canvas.addEventListener("pointerdown", function (event) {
    if (activePointer !== null || (event.pointerType === "mouse" && event.button !== 0)) {
      return;
    }
    event.preventDefault();
    activePointer = event.pointerId;
    try { canvas.setPointerCapture(event.pointerId); } catch (e) { /* not capturable */ }
    last = pointOf(event);
    dot(last);
    markInk();
    schedulePredict(false);
  });

  canvas.addEventListener("pointermove", function (event) {
    if (event.pointerId !== activePointer) {
      return;
    }
    event.preventDefault();
    // Coalesced events give every sample of a fast stroke, not one per frame.
    var events = typeof event.getCoalescedEvents === "function" ? event.getCoalescedEvents() : [];
    if (!events || events.length === 0) {
      events = [event];
    }
    for (var i = 0; i < events.length; i++) {
      var p = pointOf(events[i]);
      segment(last, p);
      last = p;
    }
    schedulePredict(false);
  });

  function endStroke(event) {
    if (event.pointerId !== activePointer) {
      return;
    }
    activePointer = null;
    last = null;
    penUps++;
    penUpAt = performance.now();
    schedulePredict(true);
  }
  canvas.addEventListener("pointerup", endStroke);
  canvas.addEventListener("pointercancel", endStroke);
  canvas.addEventListener("lostpointercapture", endStroke);
  canvas.addEventListener("contextmenu", function (event) { event.preventDefault(); });

  function clear() {
    generation++;
    activePointer = null;
    last = null;
    hasInk = false;
    pending = false;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    resetCanvas();
    canvas.classList.remove("inked");
    hint.classList.remove("hidden");
    compare.hidden = true;
    showPrompt();
    setStatus("Ready");
  }
  clearButton.addEventListener("click", clear);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || ((event.key === "Delete" || event.key === "Backspace") && event.target === document.body)) {
      event.preventDefault();
      clear();
    }
  });

  // ---------------------------------------------------------------- predicting

  function schedulePredict(now) {
    if (!hasInk) {
      return;
    }
    pending = true;
    if (inFlight) {
      return; // sent when the current answer arrives
    }
    var wait = now ? 0 : Math.max(0, THROTTLE_MS - (Date.now() - lastSent));
    if (timer !== null) {
      if (!now) {
        return;
      }
      clearTimeout(timer);
    }
    timer = setTimeout(function () {
      timer = null;
      send();
    }, wait);
  }

  /**
   * The drawing as PNG bytes, encoded now, on this thread: toDataURL takes about 1 ms for this
   * 336×336 canvas and turning its base64 into bytes about 1 ms more (#prediction's
   * data-encode-ms has the last one).
   *
   * Not canvas.toBlob, which made the final answer come a second after the pen lifted. Chromium
   * encodes a toBlob in an idle period of the main thread, and Blink gets one only after it has
   * rendered a frame; if none comes it starts the encode anyway after kIdleTaskStartTimeoutDelayMs,
   * 1000 ms on desktop, 4000 ms on Android (canvas_async_blob_creator.cc). While the pen moves
   * every segment makes a frame, so a preview's toBlob took about one frame (17 ms); after the pen
   * lifts the page draws nothing, no frame comes, and the final drawing's toBlob took 1002 ms.
   * Measured in headless Chromium 156 (DrawDigitBrowserTest): the same with the canvas
   * GPU-backed (SwiftShader) or in memory (--disable-gpu, or getContext's willReadFrequently), so
   * neither is the cause; asking for a frame at pen-up (requestAnimationFrame) made it fast and
   * requestIdleCallback did not. A headed browser may find its idle period sooner, but nothing
   * promises it one, and a busy main thread has none either.
   */
  function pngBlob() {
    var url = canvas.toDataURL("image/png");
    var base64 = atob(url.slice(url.indexOf(",") + 1));
    var bytes = new Uint8Array(base64.length);
    for (var i = 0; i < base64.length; i++) {
      bytes[i] = base64.charCodeAt(i);
    }
    return new Blob([bytes], { type: "image/png" });
  }

  function send() {
    if (!pending || inFlight || !hasInk || backend === null) {
      return; // without a backend yet, the drawing is read as soon as there is one
    }
    pending = false;
    inFlight = true;
    lastSent = Date.now();
    var sentFor = generation;
    var started = performance.now();
    var penUp = activePointer === null;
    var after = penUps;      // the drawing as it stands after this many pen-ups
    var drawing = backend.capture();
    prediction.dataset.encodeMs = (performance.now() - started).toFixed(2);
    backend.predict(drawing, selectedModel(), true).then(function (body) {
      if (sentFor === generation) {
        show(body, performance.now() - started);
        if (penUp && !pending && after === penUps && after !== answeredPenUp) {
          answeredPenUp = after;
          prediction.dataset.answeredPenUp = String(after);
          prediction.dataset.penUpMs = (performance.now() - penUpAt).toFixed(1);
        }
        if (penUp && !pending && models.length > 1) {
          compareModels(drawing, sentFor, body);
        }
      }
    }).catch(function (error) {
      if (sentFor === generation) {
        setStatus("Could not reach the model: " + error.message, true);
      }
    }).then(function () {
      inFlight = false;
      if (pending && sentFor === generation) {
        schedulePredict(activePointer === null);
      } else if (pending) {
        schedulePredict(true);
      }
    });
  }

  function post(blob, model, withPreview) {
    var url = "/api/predict?" + (withPreview ? "preview=true&" : "") + (model ? "model=" + encodeURIComponent(model) : "");
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "image/png" },
      body: blob
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          throw new Error(body.message || body.error || ("HTTP " + response.status));
        }
        return body;
      });
    });
  }

  // ---------------------------------------------------------------- models

  function selectedModel() {
    return models.length > 1 ? modelSelect.value : null;
  }

  function shortCount(n) {
    return typeof n !== "number" ? "" : n >= 1e6 ? (n / 1e6).toFixed(2) + " M" : Math.round(n / 1e3) + " k";
  }

  function loadModels() {
    backend.models().then(function (list) {
      if (!list || !list.models || list.models.length < 2) {
        return;
      }
      models = list.models;
      models.forEach(function (m) {
        var option = document.createElement("option");
        option.value = m.name;
        var label = m.name + " · " + shortCount(m.parameters) + " parameters";
        if (typeof m.clean_top1 === "number") {
          label += " · " + (m.clean_top1 * 100).toFixed(2) + "%";
        }
        option.textContent = label;
        option.selected = m.name === list["default"];
        modelSelect.appendChild(option);
      });
      modelRow.hidden = false;
    }).catch(function () { /* one model: no choice to offer */ });
  }

  modelSelect.addEventListener("change", function () {
    loadCard();
    if (hasInk) {
      schedulePredict(true); // the same drawing, read by the newly chosen model
    }
  });

  /** Has every other model read the finished drawing, one after another, and tabulates their answers. */
  function compareModels(drawing, sentFor, selectedAnswer) {
    compared = sentFor;
    var answers = {};
    answers[selectedAnswer.model] = selectedAnswer;
    renderComparison(answers);
    var chain = Promise.resolve();
    models.forEach(function (m) {
      if (m.name === selectedAnswer.model) {
        return;
      }
      chain = chain.then(function () {
        if (compared !== sentFor || sentFor !== generation) {
          return null;
        }
        return backend.predict(drawing, m.name, false).then(function (body) {
          answers[m.name] = body;
        }, function (error) {
          answers[m.name] = { error: error.message };
        }).then(function () {
          if (compared === sentFor && sentFor === generation) {
            renderComparison(answers);
          }
        });
      });
    });
  }

  function renderComparison(answers) {
    compareRows.innerHTML = "";
    models.forEach(function (m) {
      var row = document.createElement("tr");
      row.dataset.model = m.name;
      if (m.name === selectedModel()) {
        row.className = "selected";
      }
      var answer = answers[m.name];
      var top = answer && answer.predictions && answer.predictions[0];
      var refused = !!(answer && top && answer.is_digit === false);
      if (answer && answer.digit_check) {
        row.dataset.verdict = answer.digit_check.verdict;
      }
      var reading = top ? top.digit + " (" + percent(top.probability) + ")" : "";
      var cells = [m.name, shortCount(m.parameters),
        !answer ? "…" : answer.error ? answer.error : !top ? "no ink" : refused ? "not a digit" : reading,
        answer && typeof answer.latency_ms === "number" ? Number(answer.latency_ms).toFixed(1) + " ms" : ""];
      cells.forEach(function (text, i) {
        var cell = document.createElement("td");
        cell.textContent = text;
        if (i === 2 && refused) {
          // The network's reading, small: what it would have said had it been a digit.
          cell.className = "refused";
          var guess = document.createElement("span");
          guess.className = "guess";
          guess.textContent = " · " + reading;
          cell.appendChild(guess);
        }
        if (i === 3) {
          cell.className = "latency";
        }
        row.appendChild(cell);
      });
      compareRows.appendChild(row);
    });
    compare.hidden = false;
  }

  // ---------------------------------------------------------------- showing

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function percent(p) {
    var v = p * 100;
    return (v >= 99.95 ? "100" : v < 0.05 ? "0" : v.toFixed(1)) + "%";
  }

  function showWords(text, detail) {
    predictionText.textContent = text;
    predictionDetail.textContent = detail || "";
    predictionDetail.hidden = !detail;
  }

  function showPrompt() {
    prediction.dataset.state = "prompt";
    delete prediction.dataset.digit;
    delete prediction.dataset.verdict;
    predictionDigit.textContent = "?";
    showWords("Draw a digit");
    barsTitle.textContent = "Top 3";
    bars.classList.remove("muted");
    bars.innerHTML = "";
    var empty = document.createElement("li");
    empty.className = "bars-empty";
    empty.textContent = "Predictions appear here as you draw.";
    bars.appendChild(empty);
    previewCtx.fillStyle = "#000";
    previewCtx.fillRect(0, 0, preview.width, preview.height);
  }

  function show(body, roundTripMs) {
    var predictions = body.predictions || [];
    if (body.empty || predictions.length === 0) {
      showPrompt();
      setStatus("No ink found — draw a digit");
      return;
    }
    var top = predictions[0];
    var check = body.digit_check || {};
    if (check.verdict) {
      prediction.dataset.verdict = check.verdict;
    } else {
      delete prediction.dataset.verdict;
    }
    // The API's digit check refused it: no digit and no "N % sure", only the network's reading,
    // small, below. An answer without is_digit (an older server) is read as a digit.
    var refused = body.is_digit === false;
    if (refused) {
      prediction.dataset.state = "not-digit";
      delete prediction.dataset.digit;
      predictionDigit.textContent = "?";
      showWords(NOT_A_DIGIT, WHY_NOT[check.verdict] || "Draw one digit, 0 to 9.");
    } else if (top.probability < UNSURE_BELOW && predictions.length > 1) {
      prediction.dataset.state = "unsure";
      prediction.dataset.digit = String(top.digit);
      predictionDigit.textContent = String(top.digit);
      showWords("Not sure — maybe " + top.digit + " or " + predictions[1].digit);
    } else {
      prediction.dataset.state = "confident";
      prediction.dataset.digit = String(top.digit);
      predictionDigit.textContent = String(top.digit);
      showWords("It's a " + top.digit + " (" + percent(top.probability) + " sure)");
    }
    barsTitle.textContent = refused ? "If it were a digit" : "Top 3";
    bars.classList.toggle("muted", refused);
    bars.setAttribute("aria-label", refused ? "What the model would read it as" : "Most likely digits");
    bars.innerHTML = "";
    predictions.slice(0, 3).forEach(function (p) {
      var row = document.createElement("li");
      row.className = "bar";
      row.dataset.digit = String(p.digit);
      var label = document.createElement("span");
      label.className = "bar-digit";
      label.textContent = String(p.digit);
      var track = document.createElement("span");
      track.className = "bar-track";
      track.setAttribute("role", "meter");
      track.setAttribute("aria-label", "digit " + p.digit);
      track.setAttribute("aria-valuemin", "0");
      track.setAttribute("aria-valuemax", "1");
      track.setAttribute("aria-valuenow", String(p.probability));
      var fill = document.createElement("span");
      fill.className = "bar-fill";
      fill.style.width = Math.max(0, Math.min(100, p.probability * 100)).toFixed(1) + "%";
      track.appendChild(fill);
      var value = document.createElement("span");
      value.className = "bar-value";
      value.textContent = percent(p.probability);
      row.appendChild(label);
      row.appendChild(track);
      row.appendChild(value);
      bars.appendChild(row);
    });
    if (body.input28 && body.input28.length === 784) {
      drawPreview(body.input28);
    }
    setStatus("Answered in " + Math.round(roundTripMs) + " ms (" + backend.timeLabel + " " + Number(body.latency_ms).toFixed(1) + " ms)"
      + (models.length > 1 && body.model ? " by " + body.model : ""));
  }

  function drawPreview(pixels) {
    var image = previewCtx.createImageData(28, 28);
    for (var i = 0; i < 784; i++) {
      var v = Math.max(0, Math.min(255, Math.round(pixels[i] * 255)));
      image.data[i * 4] = v;
      image.data[i * 4 + 1] = v;
      image.data[i * 4 + 2] = v;
      image.data[i * 4 + 3] = 255;
    }
    previewCtx.putImageData(image, 0, 0);
  }

  // ---------------------------------------------------------------- model card

  function findAccuracy(node, depth) {
    if (!node || typeof node !== "object" || depth > 4) {
      return null;
    }
    var keys = Object.keys(node);
    for (var i = 0; i < keys.length; i++) {
      var v = node[keys[i]];
      if (/accuracy/i.test(keys[i]) && typeof v === "number" && v > 0) {
        return v <= 1 ? v * 100 : v;
      }
    }
    for (var j = 0; j < keys.length; j++) {
      var found = findAccuracy(node[keys[j]], depth + 1);
      if (found !== null) {
        return found;
      }
    }
    return null;
  }

  function describeModel(card) {
    var parts = [card.name || "DigitNet"];
    if (typeof card.parameters === "number") {
      parts.push(card.parameters >= 1e6 ? (card.parameters / 1e6).toFixed(2) + " M parameters"
        : (card.parameters / 1e3).toFixed(1) + " k parameters");
    }
    var accuracy = findAccuracy(card.evaluation || card, 0);
    if (accuracy !== null) {
      parts.push(accuracy.toFixed(2) + "% MNIST test accuracy");
    }
    return parts.join(" · ");
  }

  function loadCard() {
    if (backend === null) {
      return;
    }
    var model = selectedModel();
    backend.card(model).then(function (card) {
      if (card) {
        modelLabel.textContent = describeModel(card) + (model ? " (" + model + ")" : "");
      }
    }).catch(function () { /* the footer keeps its default */ });
  }

  // ---------------------------------------------------------------- backends

  /** The HTTP API of `digitnet serve`. */
  function apiBackend() {
    return {
      kind: "api",
      timeLabel: "server",
      // PNG, not the API's JSON pixels: the server then crops and centres the ink like MNIST, which
      // it does to images only.
      capture: pngBlob,
      predict: post,
      models: function () {
        return fetch("/api/models").then(function (r) { return r.ok ? r.json() : null; });
      },
      card: function (model) {
        return fetch("/api/model" + (model ? "?name=" + encodeURIComponent(model) : "")).then(function (r) {
          return r.ok ? r.json() : null;
        });
      }
    };
  }

  /** ONNX Runtime Web in this page, over the models listed in the exported folder's models.json. */
  function browserBackend(site) {
    var inner = window.DigitNetBrowser.createBackend(site);
    return {
      kind: "browser",
      timeLabel: "in the browser:",
      inner: inner,
      capture: function () { return inner.capture(canvas, ctx); },
      predict: function (drawing, model, withPreview) {
        return inner.predict(drawing, model || site["default"], withPreview);
      },
      models: function () { return Promise.resolve({ "default": site["default"], models: site.models }); },
      card: function (model) { return Promise.resolve(inner.card(model)); }
    };
  }

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
   * Which backend answers: models.json beside the page (relative, so a site in a sub-folder finds
   * its own) means an exported site; anything else, the served page's 404 included, the API.
   */
  function chooseBackend() {
    return fetch("models.json").then(function (r) {
      return r.ok ? r.json() : null;
    }).catch(function () { return null; }).then(function (site) {
      if (!site || site.backend !== "browser" || !site.models || site.models.length === 0) {
        return apiBackend();
      }
      setStatus("Loading the model…");
      return loadScript(site.page.script).then(function () {
        var b = browserBackend(site);
        if (footerBackend) {
          footerBackend.textContent = "Runs in your browser: ONNX Runtime Web " + site.runtime.version + ", no server";
        }
        if (timeHeader) {
          timeHeader.textContent = "time";
        }
        b.inner.ready.then(function () {
          markReady("readyMs");
          if (!hasInk) {
            setStatus("Ready");
          }
        }, function (error) {
          setStatus("Could not load the model: " + error.message, true);
        });
        b.inner.all.then(function () {
          markReady("modelsReadyMs");
          document.documentElement.dataset.modelsReady = "true";
        }, function () { /* reported when a model is asked for */ });
        return b;
      });
    });
  }

  /**
   * When the page could first answer (readyMs: the default model is loaded) and when it could
   * answer on every model (modelsReadyMs), in ms since the navigation started, on the <html>
   * element: the cold-load figures docs/site.md gives. A served page is ready once it knows its
   * backend, the models being loaded in the server.
   */
  function markReady(what) {
    document.documentElement.dataset[what] = performance.now().toFixed(1);
  }

  resetCanvas();
  showPrompt();
  chooseBackend().then(function (chosen) {
    backend = chosen;
    document.documentElement.dataset.backend = backend.kind;
    if (backend.kind === "api") {
      markReady("readyMs");
      markReady("modelsReadyMs");
      document.documentElement.dataset.modelsReady = "true";
    }
    // For tests and anyone measuring the page: which backend answers, and (exported) its functions.
    window.DigitNetPage = { backend: backend };
    loadCard();
    loadModels();
    if (hasInk) {
      schedulePredict(true);
    }
  }, function (error) {
    setStatus("Could not start: " + error.message, true);
  });
})();
