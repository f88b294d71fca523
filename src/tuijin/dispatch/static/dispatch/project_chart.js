// Project detail: the cumulative plan-vs-actual line chart (ECharts), drawn from the json_script data.
// Runs on page load and again after htmx swaps the 详情 tab back in.
(function () {
  "use strict";

  function toNumbers(values) {
    return values.map(function (value) {
      return value === null ? null : Number(value);
    });
  }

  function draw() {
    var element = document.getElementById("plan-chart");
    var source = document.getElementById("plan-chart-data");
    if (!element || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
    chart.setOption({
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: [data.actual_label, data.schedule_label] },
      grid: { left: 60, right: 24, top: 40, bottom: 40 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: "万元" },
      series: [
        { name: data.actual_label, type: "line", data: toNumbers(data.actual), connectNulls: false, itemStyle: { color: "#1d5fbf" } },
        { name: data.schedule_label, type: "line", data: toNumbers(data.schedule), lineStyle: { type: "dashed" }, itemStyle: { color: "#8a94a6" } }
      ]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
  window.addEventListener("resize", function () {
    var element = document.getElementById("plan-chart");
    var chart = element && window.echarts && window.echarts.getInstanceByDom(element);
    if (chart) chart.resize();
  });
})();
